import { describe, expect, it } from 'vitest';
import { SseParser } from '../../src/http/sse.ts';
import { buildMultipart } from '../../src/http/multipart.ts';
import type { SseEvent } from '../../src/http/types.ts';
import { createHistogram, decodeHistogram, digest, encodeHistogram, mergeDistributions, recordMs } from '../../src/metrics/histogram.ts';
import { RateSchedule, steadyWindow } from '../../src/load/rate-schedule.ts';

function perSecond(s: RateSchedule): number[] {
  const out = new Array<number>(Math.ceil(s.durationS)).fill(0);
  for (let k = 0; k < s.total; k++) out[Math.floor(s.instantS(k))]!++;
  return out;
}

describe('RateSchedule', () => {
  it('spaces a constant rate evenly, starting at 0', () => {
    const s = new RateSchedule(10, [{ durationS: 3, target: 10 }]);
    expect(s.total).toBe(30);
    expect(s.instantS(0)).toBe(0);
    expect(s.instantS(1)).toBeCloseTo(0.1, 9);
    expect(s.instantS(29)).toBeCloseTo(2.9, 9);
    expect(s.instantS(30)).toBe(Infinity);
    expect(perSecond(s)).toEqual([10, 10, 10]);
  });

  it('follows a linear ramp: the count per second is the integral of the rate', () => {
    const s = new RateSchedule(0, [{ durationS: 4, target: 40 }, { durationS: 2, target: 40 }, { durationS: 2, target: 0 }]);
    // ramp 0→40 over 4 s: seconds hold 5, 15, 25, 35; hold 40, 40; ramp down 30, 10
    expect(perSecond(s)).toEqual([5, 15, 25, 35, 40, 40, 30, 10]);
    expect(s.total).toBe(200);
    for (let k = 1; k < s.total; k++) expect(s.instantS(k)).toBeGreaterThan(s.instantS(k - 1));
    expect(s.countBefore(4)).toBe(80);
    expect(s.rateAt(2)).toBe(20);
  });

  it('finds the hold stages as the steady window', () => {
    expect(steadyWindow(0, [{ durationS: 2, target: 10 }, { durationS: 5, target: 10 }, { durationS: 1, target: 0 }])).toEqual({ fromS: 2, toS: 7 });
    expect(steadyWindow(10, [{ durationS: 3, target: 10 }])).toEqual({ fromS: 0, toS: 3 });
    expect(steadyWindow(0, [{ durationS: 3, target: 30 }])).toBeUndefined();
  });
});

describe('SseParser', () => {
  function parse(chunks: (string | Uint8Array)[]): { events: SseEvent[]; fragment: SseEvent | undefined } {
    const events: SseEvent[] = [];
    const p = new SseParser((e) => events.push(e));
    for (const c of chunks) p.push(typeof c === 'string' ? Buffer.from(c) : c);
    return { events, fragment: p.end() };
  }

  it('dispatches on blank lines, joins multi-line data and keeps the event name', () => {
    const { events, fragment } = parse(['data: a\n\n', 'event: delta\ndata: x\ndata: y\n\n', ': comment\ndata:nospace\n\n']);
    expect(events).toEqual([
      { event: 'message', data: 'a' },
      { event: 'delta', data: 'x\ny' },
      { event: 'message', data: 'nospace' },
    ]);
    expect(fragment).toBeUndefined();
  });

  it('handles lines and UTF-8 characters split across chunks, and CRLF line ends', () => {
    const bytes = Buffer.from('data: héllo\r\n\r\ndata: 2\r\n\r\n');
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += 3) chunks.push(bytes.subarray(i, i + 3));
    const { events } = parse(chunks);
    expect(events).toEqual([{ event: 'message', data: 'héllo' }, { event: 'message', data: '2' }]);
  });

  it('returns a trailing fragment without counting it as an event (GodGPT ends with a lone event line)', () => {
    const { events, fragment } = parse(['data: {"IsLastChunk":true}\n\n', 'event: completed']);
    expect(events).toHaveLength(1);
    expect(fragment).toEqual({ event: 'completed', data: '' });
  });
});

describe('HDR histogram helpers', () => {
  it('digests in ms with 3 decimals, and merges encoded histograms', () => {
    const h = createHistogram();
    for (let i = 1; i <= 1000; i++) recordMs(h, i / 10);
    const d = digest(h);
    expect(d.count).toBe(1000);
    expect(d.p50).toBeCloseTo(50, 0);
    expect(d.p99).toBeCloseTo(99, 0);
    expect(d.max).toBeCloseTo(100, 0);
    expect(Number.isInteger(d.p95 * 1000)).toBe(true);
    const e = encodeHistogram(h);
    const back = decodeHistogram(e);
    expect(back.totalCount).toBe(1000);
    back.destroy();
    const merged = mergeDistributions([e, e]);
    expect(merged.count).toBe(2000);
    expect(merged.p50).toBeCloseTo(d.p50, 1);
    h.destroy();
  });

  it('clamps negative and huge values instead of throwing', () => {
    const h = createHistogram();
    recordMs(h, -5);
    recordMs(h, 1e12);
    expect(h.totalCount).toBe(2);
    h.destroy();
  });
});

describe('buildMultipart', () => {
  it('builds a form-data body with the boundary in the content type', () => {
    const { body, contentType } = buildMultipart([
      { name: 'note', value: 'hi' },
      { name: 'file', value: new Uint8Array([1, 2, 3]), filename: 'a.bin' },
    ]);
    const boundary = contentType.split('boundary=')[1]!;
    const text = body.toString('latin1');
    expect(text.startsWith(`--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhi\r\n`)).toBe(true);
    expect(text).toContain('filename="a.bin"\r\nContent-Type: application/octet-stream\r\n\r\n\x01\x02\x03\r\n');
    expect(text.endsWith(`--${boundary}--\r\n`)).toBe(true);
  });
});
