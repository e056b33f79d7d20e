import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SseEvent } from '../../src/http/types.ts';
import { runLoad } from '../../src/load/run-load.ts';
import { startServer, type TestServer } from './server.ts';

let srv: TestServer;

/** Streams `n` events `gapMs` apart after `firstMs`; GodGPT-style ending (`event: completed` without a blank line). */
beforeAll(async () => {
  srv = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const firstMs = Number(url.searchParams.get('first') ?? 0);
    const gapMs = Number(url.searchParams.get('gap') ?? 0);
    const n = Number(url.searchParams.get('n') ?? 3);
    const final = url.searchParams.get('final') !== '0';
    if (url.pathname === '/denied') {
      res.writeHead(403, { 'content-type': 'text/plain' });
      res.end('Guest chat limit reached');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.flushHeaders();
    let i = 0;
    const send = (): void => {
      i++;
      const last = i === n;
      res.write(`data: {"Response":"t${i}","IsLastChunk":${last && final}}\n\n`);
      if (last) {
        if (final) res.write('event: completed');
        res.end();
      } else setTimeout(send, gapMs);
    };
    setTimeout(send, firstMs);
  });
});
afterAll(() => srv.close());

const isLast = (e: SseEvent): boolean => e.event === 'completed' || e.data.includes('"IsLastChunk":true');

function run(url: string, extra: object = {}) {
  return runLoad({
    baseUrl: srv.url,
    scenario: { url, method: 'POST', body: '{}', sse: true, isFinalEvent: isLast, ...extra },
    model: { type: 'arrival-rate', startRate: 10, stages: [{ durationS: 0.5, target: 10 }] },
    warmupS: 0,
  });
}

describe('SSE measurement', () => {
  it('separates TTFB (headers) from TTFT (first data event), and times the gaps between events', async () => {
    const s = await run('/chat?first=150&gap=40&n=4');
    expect(s.requests.ok).toBe(5);
    const st = s.stream!;
    expect(st.completed).toBe(5);
    expect(st.aborted).toBe(0);
    expect(st.events).toBe(20);
    expect(st.ttfbMs.p50).toBeLessThan(60);
    expect(st.ttftMs.p50).toBeGreaterThanOrEqual(145);
    expect(st.ttftMs.p50).toBeLessThan(400);
    expect(st.interEventMs.count).toBe(15);
    expect(st.interEventMs.p50).toBeGreaterThanOrEqual(35);
    expect(st.interEventMs.p50).toBeLessThan(200);
    expect(s.latencyMs.p50).toBeGreaterThanOrEqual(st.ttftMs.p50 + 100);
    expect(s.histograms.ttft).toBeTypeOf('string');
    expect(s.histograms.interEvent).toBeTypeOf('string');
  });

  it('a stream that ends without its final event is stream_aborted', async () => {
    const s = await run('/chat?n=2&final=0');
    expect(s.errors).toEqual({ stream_aborted: 5 });
    expect(s.stream?.aborted).toBe(5);
    expect(s.stream?.events).toBe(10);
    expect(s.errorMessages?.stream_aborted).toMatch(/without its final event/);
  });

  it('a clean EOF ends a stream properly when no final event is required', async () => {
    const s = await run('/chat?n=2&final=0', { isFinalEvent: undefined });
    expect(s.requests.ok).toBe(5);
    expect(s.stream?.completed).toBe(5);
  });

  it('a stream timing out mid-way is stream_aborted', async () => {
    const mid = await run('/chat?first=0&gap=500&n=3', { timeoutMs: 200 });
    expect(mid.errors).toEqual({ stream_aborted: 5 });
    expect(mid.latencyMs.p50).toBeLessThan(1000);
  });

  it('checkEvent rejections are invalid_body; non-2xx streams are http errors', async () => {
    const rejected = await run('/chat?n=3', { checkEvent: (e: SseEvent) => (e.data.includes('t2') ? 'unexpected token t2' : undefined) });
    expect(rejected.errors).toEqual({ invalid_body: 5 });
    expect(rejected.errorMessages?.invalid_body).toContain('unexpected token t2');
    const coded = await run('/chat?n=3', { checkEvent: (e: SseEvent) => (e.data.includes('t2') ? { apiCode: '-99', message: 'denied' } : undefined) });
    expect(coded.errors).toEqual({ api_error: 5 });
    expect(coded.apiCodes).toEqual({ '-99': 5 });
    expect(coded.responseBytes.count).toBe(5);
    expect(coded.responseBytes.p50).toBeGreaterThan(0);
    const denied = await run('/denied');
    expect(denied.errors).toEqual({ http_4xx: 5 });
    expect(denied.statusCodes).toEqual({ '403': 5 });
  });
});
