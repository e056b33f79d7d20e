import type { SseEvent } from './types.ts';

/** Default bound on one SSE line, and on one event's fields together, in bytes as received. */
export const DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;
/** Largest `maxEventBytes` (and `maxBodyBytes`) accepted: 1 GiB. */
export const MAX_BUFFER_BYTES = 1024 ** 3;

const LF = 10;
const CR = 13;
const COLON = 58;
const SPACE = 32;

/**
 * Incremental server-sent-events parser (WHATWG rules): `data:` lines are joined with `\n`,
 * `event:` names the event, a blank line dispatches it. Lines are split on the raw bytes (CR and
 * LF never occur inside a UTF-8 sequence) and decoded whole, so chunks may split lines or UTF-8
 * sequences anywhere. Nothing but the current line and event is buffered, and never more than
 * `maxEventBytes` of them: past it the parser stops and `push` returns false.
 */
export class SseParser {
  private parts: Buffer[] = [];
  private partBytes = 0;
  private lastWasCr = false;
  private data: string[] = [];
  private eventName = '';
  private sawField = false;
  private dataBytes = 0;
  private nameBytes = 0;
  private over = false;

  /** `onEvent` is called for each dispatched event (one with at least one `data:` line). */
  constructor(
    private readonly onEvent: (event: SseEvent) => void,
    readonly maxEventBytes: number = DEFAULT_MAX_EVENT_BYTES,
  ) {}

  /** Bytes held: the unfinished line plus the fields of the event not yet dispatched. */
  get bufferedBytes(): number {
    return this.partBytes + this.dataBytes + this.nameBytes;
  }

  /** True once a line or an event went past `maxEventBytes` (everything buffered was dropped). */
  get overflowed(): boolean {
    return this.over;
  }

  /** Parses a chunk. Returns false, and parses nothing more, once a line or event exceeds `maxEventBytes`. */
  push(chunk: Uint8Array): boolean {
    if (this.over) return false;
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const n = buf.length;
    let start = 0;
    if (this.lastWasCr) {
      this.lastWasCr = false;
      if (n > 0 && buf[0] === LF) start = 1;
    }
    const crlf = buf.indexOf(CR, start) !== -1;
    while (start < n) {
      let end = buf.indexOf(LF, start);
      if (crlf) {
        const cr = buf.indexOf(CR, start);
        if (cr !== -1 && (end === -1 || cr < end)) end = cr;
      }
      if (end === -1) break;
      if (!this.takeLine(buf, start, end)) return false;
      if (buf[end] === CR) {
        if (end + 1 < n) {
          if (buf[end + 1] === LF) end++;
        } else {
          this.lastWasCr = true;
        }
      }
      start = end + 1;
    }
    if (start < n) {
      this.partBytes += n - start;
      if (this.bufferedBytes > this.maxEventBytes) return this.overflow();
      this.parts.push(Buffer.from(buf.subarray(start)));
    }
    return true;
  }

  /**
   * Ends the stream. Returns the trailing fragment (fields after the last blank line) as an
   * event with its name and data, or undefined when the stream ended on an event boundary (or
   * the parser overflowed). The fragment is never dispatched as a data event.
   */
  end(): SseEvent | undefined {
    if (this.over) return undefined;
    if (this.partBytes > 0) {
      const line = Buffer.concat(this.parts, this.partBytes).toString('utf8');
      this.parts = [];
      this.partBytes = 0;
      this.line(line, 0);
    }
    if (!this.sawField) return undefined;
    const fragment: SseEvent = { event: this.eventName || 'message', data: this.data.join('\n') };
    this.reset();
    return fragment;
  }

  private takeLine(buf: Buffer, start: number, end: number): boolean {
    const len = end - start;
    if (this.bufferedBytes + len > this.maxEventBytes) return this.overflow();
    if (this.parts.length === 0) {
      if (len === 0) this.dispatch();
      else this.line(buf.toString('utf8', start, end), len);
      return true;
    }
    const bytes = this.partBytes + len;
    this.parts.push(buf.subarray(start, end));
    const line = Buffer.concat(this.parts, bytes).toString('utf8');
    this.parts = [];
    this.partBytes = 0;
    this.line(line, bytes);
    return true;
  }

  private line(line: string, bytes: number): void {
    if (line.length === 0) {
      this.dispatch();
      return;
    }
    if (line.charCodeAt(0) === COLON) return;
    const colon = line.indexOf(':');
    let field: string;
    let value: string;
    if (colon === -1) {
      field = line;
      value = '';
    } else {
      field = line.slice(0, colon);
      value = line.charCodeAt(colon + 1) === SPACE ? line.slice(colon + 2) : line.slice(colon + 1);
    }
    if (field === 'data') {
      this.data.push(value);
      this.sawField = true;
      this.dataBytes += bytes;
    } else if (field === 'event') {
      this.eventName = value;
      this.sawField = true;
      this.nameBytes = bytes;
    }
  }

  private overflow(): false {
    this.over = true;
    this.parts = [];
    this.partBytes = 0;
    this.reset();
    return false;
  }

  private dispatch(): void {
    if (this.data.length > 0) {
      const event: SseEvent = { event: this.eventName || 'message', data: this.data.join('\n') };
      this.reset();
      this.onEvent(event);
      return;
    }
    this.reset();
  }

  private reset(): void {
    this.data = [];
    this.eventName = '';
    this.sawField = false;
    this.dataBytes = 0;
    this.nameBytes = 0;
  }
}
