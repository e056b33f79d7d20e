import { StringDecoder } from 'node:string_decoder';
import type { SseEvent } from './types.ts';

/**
 * Incremental server-sent-events parser (WHATWG rules): `data:` lines are joined with `\n`,
 * `event:` names the event, a blank line dispatches it. Chunks may split lines or UTF-8
 * sequences anywhere; nothing but the current line and event is buffered.
 */
export class SseParser {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private lastWasCr = false;
  private data: string[] = [];
  private eventName = '';
  private sawField = false;

  /** Called for each dispatched event (one with at least one `data:` line). */
  constructor(private readonly onEvent: (event: SseEvent) => void) {}

  push(chunk: Uint8Array): void {
    const text = this.decoder.write(chunk as Buffer);
    if (text.length > 0) this.feed(text);
  }

  /**
   * Ends the stream. Returns the trailing fragment (fields after the last blank line) as an
   * event with its name and data, or undefined when the stream ended on an event boundary.
   * The fragment is never dispatched as a data event.
   */
  end(): SseEvent | undefined {
    const rest = this.decoder.end();
    if (rest.length > 0) this.feed(rest);
    if (this.pending.length > 0) {
      this.line(this.pending);
      this.pending = '';
    }
    if (!this.sawField) return undefined;
    const fragment: SseEvent = { event: this.eventName || 'message', data: this.data.join('\n') };
    this.reset();
    return fragment;
  }

  private feed(text: string): void {
    let start = 0;
    let i = 0;
    if (this.lastWasCr && text.charCodeAt(0) === 10) {
      start = i = 1;
    }
    this.lastWasCr = false;
    const n = text.length;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      const line = this.pending.length > 0 ? this.pending + text.slice(start, i) : text.slice(start, i);
      this.pending = '';
      this.line(line);
      if (c === 13) {
        if (i + 1 < n) {
          if (text.charCodeAt(i + 1) === 10) i++;
        } else {
          this.lastWasCr = true;
        }
      }
      start = i + 1;
    }
    if (start < n) this.pending += text.slice(start);
  }

  private line(line: string): void {
    if (line.length === 0) {
      this.dispatch();
      return;
    }
    if (line.charCodeAt(0) === 58) return;
    const colon = line.indexOf(':');
    let field: string;
    let value: string;
    if (colon === -1) {
      field = line;
      value = '';
    } else {
      field = line.slice(0, colon);
      value = line.charCodeAt(colon + 1) === 32 ? line.slice(colon + 2) : line.slice(colon + 1);
    }
    if (field === 'data') {
      this.data.push(value);
      this.sawField = true;
    } else if (field === 'event') {
      this.eventName = value;
      this.sawField = true;
    }
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
  }
}
