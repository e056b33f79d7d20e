import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SseEvent } from '../../src/http/types.ts';
import { runLoad } from '../../src/load/run-load.ts';
import { parseSloExpression } from '../../src/slo/expression.ts';
import { startServer, type TestServer } from './server.ts';

let srv: TestServer;
/** `/huge`: bytes written and sockets seen closed by the server. */
const huge = { bytes: 0, closed: 0, requests: 0 };
const HUGE_LIMIT = 50 * 1024 * 1024;

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
    if (url.pathname === '/json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"code":"20000","data":"not a stream"}');
      return;
    }
    if (url.pathname === '/empty') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(url.searchParams.has('fragment') ? 'event: completed' : '');
      return;
    }
    if (url.pathname === '/huge') {
      huge.requests++;
      res.socket?.once('close', () => huge.closed++);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: ');
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const pump = (): void => {
        while (!res.destroyed && huge.bytes < HUGE_LIMIT) {
          huge.bytes += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        if (!res.destroyed) res.end('\n\n');
      };
      pump();
      return;
    }
    const type = url.pathname === '/charset' ? 'Text/Event-Stream; charset=utf-8' : 'text/event-stream';
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache' });
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
    // lower bounds only: the server's timers never fire early, a busy machine only adds time
    expect(st.ttftMs.p50).toBeGreaterThanOrEqual(145);
    expect(st.ttftMs.p50).toBeGreaterThan(st.ttfbMs.p50);
    expect(st.interEventMs.count).toBe(15);
    expect(st.interEventMs.p50).toBeGreaterThanOrEqual(35);
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
    expect(mid.errorMessages?.stream_aborted).toMatch(/^stream timed out after \d+ events \(200 ms\)$/);
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

  it('a 200 that is not text/event-stream is invalid_body naming its type, and fails a completion SLO', async () => {
    const s = await runLoad({
      baseUrl: srv.url,
      scenario: { url: '/json', sse: true },
      model: { type: 'arrival-rate', startRate: 10, stages: [{ durationS: 0.5, target: 10 }] },
      warmupS: 0,
      slo: parseSloExpression('completion>0.99', '--slo'),
    });
    expect(s.errors).toEqual({ invalid_body: 5 });
    expect(s.errorMessages?.invalid_body).toContain('"application/json"');
    expect(s.errorMessages?.invalid_body).toContain('text/event-stream');
    expect(s.stream?.completed ?? 0).toBe(0);
    expect(s.slo?.passed).toBe(false);
    const typed = await run('/charset?n=2', { isFinalEvent: undefined });
    expect(typed.stream?.completed).toBe(5);
  });

  it('an event stream with no data event is stream_aborted, even when it carries the final fragment', async () => {
    const bare = await run('/empty', { isFinalEvent: undefined });
    expect(bare.errors).toEqual({ stream_aborted: 5 });
    expect(bare.stream).toMatchObject({ completed: 0, aborted: 5, events: 0 });
    expect(bare.errorMessages?.stream_aborted).toMatch(/without any data event/);
    const fragmentOnly = await run('/empty?fragment=1');
    expect(fragmentOnly.errors).toEqual({ stream_aborted: 5 });
  });

  it('a line past maxEventBytes ends the request as invalid_body and closes its connection', async () => {
    const s = await runLoad({
      baseUrl: srv.url,
      scenario: { url: '/huge', sse: true },
      model: { type: 'arrival-rate', startRate: 4, stages: [{ durationS: 0.5, target: 4 }] },
      warmupS: 0,
      maxEventBytes: 256 * 1024,
      timeoutMs: 10_000,
    });
    expect(s.errors).toEqual({ invalid_body: 2 });
    expect(s.errorMessages?.invalid_body).toMatch(/larger than 262144 bytes \(maxEventBytes\)/);
    await expect.poll(() => huge.closed, { timeout: 5000 }).toBe(huge.requests);
    expect(huge.requests).toBe(2);
    expect(huge.bytes).toBeLessThan(HUGE_LIMIT);
  });

  it('captured events are bounded by maxBodyBytes: past it the stream is invalid_body', async () => {
    const s = await runLoad({
      baseUrl: srv.url,
      scenario: { url: '/chat?n=200', sse: true, captureEvents: true, isFinalEvent: isLast },
      model: { type: 'arrival-rate', startRate: 4, stages: [{ durationS: 0.5, target: 4 }] },
      warmupS: 0,
      maxBodyBytes: 2000,
    });
    expect(s.errors).toEqual({ invalid_body: 2 });
    expect(s.errorMessages?.invalid_body).toMatch(/^captured SSE events larger than 2000 bytes \(maxBodyBytes\), after \d+ events$/);
    expect(s.stream!.events).toBeLessThan(2 * 200);
  });
});
