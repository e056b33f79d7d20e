import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_EVENT_BYTES, SseParser } from '../../src/http/sse.ts';
import type { SseEvent } from '../../src/http/types.ts';

function parse(chunks: (string | Uint8Array)[], max?: number): { events: SseEvent[]; fragment: SseEvent | undefined; parser: SseParser } {
  const events: SseEvent[] = [];
  const parser = new SseParser((e) => events.push(e), max);
  for (const c of chunks) parser.push(typeof c === 'string' ? Buffer.from(c, 'utf8') : c);
  return { events, fragment: parser.end(), parser };
}

describe('SseParser', () => {
  it('joins data lines, names events, accepts LF, CR and CRLF and ignores comments', () => {
    const { events, fragment } = parse(['data: a\ndata: b\n\n', ': hi\revent: x\rdata:c\r\r', 'data: d\r', '\n\r\nevent: completed']);
    expect(events).toEqual([
      { event: 'message', data: 'a\nb' },
      { event: 'x', data: 'c' },
      { event: 'message', data: 'd' },
    ]);
    expect(fragment).toEqual({ event: 'completed', data: '' });
  });

  it('decodes UTF-8 sequences and lines split across chunks anywhere', () => {
    const bytes = Buffer.from('data: 你好, 🌍\n\ndata: é\n\n', 'utf8');
    for (let cut = 1; cut < bytes.length; cut++) {
      const { events } = parse([bytes.subarray(0, cut), bytes.subarray(cut)]);
      expect(events.map((e) => e.data)).toEqual(['你好, 🌍', 'é']);
    }
    const oneByOne = parse([...bytes].map((b) => Uint8Array.of(b)));
    expect(oneByOne.events.map((e) => e.data)).toEqual(['你好, 🌍', 'é']);
  });

  it('holds at most maxEventBytes of a line that never ends, then stops', () => {
    const max = 64 * 1024;
    const parser = new SseParser(() => {}, max);
    const chunk = Buffer.alloc(16 * 1024, 'x');
    expect(parser.push(Buffer.from('data: '))).toBe(true);
    let pushes = 0;
    while (parser.push(chunk)) {
      expect(parser.bufferedBytes).toBeLessThanOrEqual(max);
      pushes++;
      expect(pushes).toBeLessThan(10);
    }
    expect(parser.overflowed).toBe(true);
    expect(parser.bufferedBytes).toBe(0);
    expect(parser.push(Buffer.from('\n\n'))).toBe(false);
    expect(parser.end()).toBeUndefined();
  });

  it('bounds one event made of many short data lines, and resets the count per event', () => {
    const max = 1000;
    const events: SseEvent[] = [];
    const ok = new SseParser((e) => events.push(e), max);
    for (let i = 0; i < 50; i++) expect(ok.push(Buffer.from(`data: ${'y'.repeat(500)}\n\n`))).toBe(true);
    expect(events).toHaveLength(50);
    const over = new SseParser(() => {}, max);
    let lines = 0;
    while (over.push(Buffer.from(`data: ${'z'.repeat(90)}\n`))) {
      expect(over.bufferedBytes).toBeLessThanOrEqual(max);
      lines++;
    }
    expect(lines).toBe(10);
    expect(over.overflowed).toBe(true);
  });

  it('defaults the bound to 1 MiB', () => {
    expect(DEFAULT_MAX_EVENT_BYTES).toBe(1024 * 1024);
    expect(new SseParser(() => {}).maxEventBytes).toBe(DEFAULT_MAX_EVENT_BYTES);
  });
});
