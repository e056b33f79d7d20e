import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestResult, SseEvent } from '../../src/http/types.ts';
import { runLoad } from '../../src/load/run-load.ts';
import { parseSloExpression } from '../../src/slo/expression.ts';
import { parseRunSummary } from '../../src/result/schema.ts';
import { mergeSummaries } from '../../src/merge/merge-summaries.ts';
import { evaluateSlo } from '../../src/slo/evaluate.ts';
import { startServer, type TestServer } from './server.ts';

/**
 * A voice-chat-like stream with known timings: the echo of the input at 0 ms, a notice at 50 ms,
 * then content chunks every `gap` ms from `first` ms, audio from the second one, and a final event.
 */
const CHUNKS = ['Hello', ' world', ',', ' again'];
const TEXT = CHUNKS.join('');
let srv: TestServer;

beforeAll(async () => {
  srv = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const firstMs = Number(url.searchParams.get('first') ?? 200);
    const gapMs = Number(url.searchParams.get('gap') ?? 40);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    res.write(`data: ${JSON.stringify({ Response: 'what you said', SerialNumber: 0 })}\n\n`);
    setTimeout(() => res.write(`data: ${JSON.stringify({ ResponseType: -2, Response: 'notice' })}\n\n`), 50);
    let i = 0;
    const send = (): void => {
      const chunk = { Response: CHUNKS[i], SerialNumber: i + 1, ...(i >= 1 ? { AudioData: 'AAAA' } : {}) };
      res.write(`data: ${JSON.stringify(chunk)}\n\n`);
      i++;
      if (i < CHUNKS.length) setTimeout(send, gapMs);
      else res.end('data: {"IsLastChunk":true}\n\n');
    };
    setTimeout(send, firstMs);
  });
});
afterAll(() => srv.close());

const json = (e: SseEvent): Record<string, unknown> => {
  try {
    return JSON.parse(e.data) as Record<string, unknown>;
  } catch {
    return {};
  }
};
const contentOf = (e: SseEvent): string | undefined => {
  const d = json(e);
  return d.SerialNumber !== 0 && d.ResponseType !== -2 && typeof d.Response === 'string' ? d.Response : undefined;
};

const voice = {
  url: '/voice', method: 'POST', body: '{}', sse: true,
  isFinalEvent: (e: SseEvent) => e.data.includes('IsLastChunk'),
  contentOf,
  isAudio: (e: SseEvent) => typeof json(e).AudioData === 'string',
  isEcho: (e: SseEvent) => json(e).SerialNumber === 0,
};

function run(extra: object = {}, slo?: string, results?: RequestResult[]) {
  const spec = { ...voice, ...extra };
  return runLoad({
    baseUrl: srv.url,
    scenario: results === undefined ? spec : async (ctx) => void results.push(await ctx.request(spec)),
    model: { type: 'arrival-rate', startRate: 10, stages: [{ durationS: 0.5, target: 10 }] },
    warmupS: 0,
    timeoutMs: 30_000,
    ...(slo !== undefined ? { slo: parseSloExpression(slo) } : {}),
  });
}

describe('stream metrics (TTFT, TPOT, tokens, goodput)', () => {
  it('TTFT is the first content chunk, not the echo or the notice; TTFE is the echo; TTFA the first audio', async () => {
    const results: RequestResult[] = [];
    const s = await run({}, undefined, results);
    expect(s.requests.ok).toBe(5);
    expect(results).toHaveLength(5);
    for (const r of results) {
      expect(r.ttfeMs).toBe(r.echoMs);
      // from the intended start the server's timers bound each time below; between two events only the order is sure
      expect(r.ttftMs!).toBeGreaterThanOrEqual(195);
      expect(r.ttftMs!).toBeGreaterThan(r.ttfeMs!);
      expect(r.ttfaMs!).toBeGreaterThanOrEqual(235);
      expect(r.ttfaMs!).toBeGreaterThanOrEqual(r.ttftMs!);
      expect(r.contentEvents).toBe(CHUNKS.length);
      expect(r.outputChars).toBe(TEXT.length);
    }
    const st = s.stream!;
    expect(st.events).toBe(5 * 7);
    expect(st.contentEvents).toBe(5 * CHUNKS.length);
    // lower bounds and order only: timers never fire early, a busy machine only adds time
    expect(st.ttftMs.count).toBe(5);
    expect(st.ttftMs.min).toBeGreaterThanOrEqual(195);
    expect(st.ttfeMs!.count).toBe(5);
    expect(st.echoMs!.count).toBe(5);
    expect(st.ttfaMs!.count).toBe(5);
    expect(st.ttfaMs!.min).toBeGreaterThanOrEqual(235);
    expect(s.histograms.ttfe).toBeTypeOf('string');
    expect(s.histograms.ttfa).toBeTypeOf('string');
  });

  it('TPOT, output characters and tokens match the stream: exact counts, times bounded below', async () => {
    const s = await run();
    const st = s.stream!;
    expect(st.tpotMs!.count).toBe(5);
    // (end − TTFT) / 3 with three 40 ms gaps after the first content chunk
    expect(st.tpotMs!.min).toBeGreaterThanOrEqual(38);
    expect(st.outputChars!.count).toBe(5);
    expect(st.outputChars!.min).toBe(TEXT.length);
    expect(st.outputChars!.max).toBe(TEXT.length);
    expect(st.tokenEncoding).toBe('o200k_base');
    // "Hello world, again" is 4 tokens in o200k_base
    expect(st.outputTokens!.min).toBe(4);
    expect(st.outputTokens!.max).toBe(4);
    expect(st.outputTokensPerS!.count).toBe(5);
    expect(st.outputTokensPerS!.max).toBeLessThanOrEqual((4 * 1000) / 315);
    expect(st.totalOutputTokensPerS).toBeCloseTo((5 * 4) / (s.window.toS - s.window.fromS), 2);
    for (const name of ['tpot', 'outputChars', 'outputTokens', 'outputTokensPerS'] as const) expect(s.histograms[name]).toBeTypeOf('string');
  });

  it('the default content is any non-empty data event but [DONE]: TTFT is then the first event', async () => {
    const s = await run({ contentOf: undefined, isAudio: undefined, isEcho: undefined });
    const st = s.stream!;
    expect(st.contentEvents).toBe(5 * 7);
    // The echo, sent at once, is the first content: TTFT is the time to the first event, not the 200 ms chunk.
    expect(st.ttftMs.count).toBe(5);
    expect(st.ttftMs.max).toBe(st.ttfeMs!.max);
    expect(st.ttftMs.p50).toBe(st.ttfeMs!.p50);
    expect(st.ttfaMs!.count).toBe(0);
  });

  it('goodput counts the iterations that met every bound at once', async () => {
    const met = await run({}, 'goodput(ttft<20000,tpot<20000,latency<25000)>0.9');
    expect(met.goodput).toEqual({ ratio: 1, rps: expect.any(Number), bounds: { ttftMs: 20000, tpotMs: 20000, latencyMs: 25000 } });
    expect(met.goodput!.rps).toBeCloseTo(5 / (met.window.toS - met.window.fromS), 3);
    expect(met.slo?.checks.find((c) => c.name === 'goodput')).toMatchObject({ passed: true, actual: 1 });
    expect(met.timeline.reduce((n, e) => n + (e.goodput ?? 0), 0)).toBe(5);
    expect(met.timeline.every((e) => typeof e.goodput === 'number')).toBe(true);
    expect(met.timeline.some((e) => (e.ttftP95 ?? 0) >= 195)).toBe(true);
    expect(parseRunSummary(JSON.parse(JSON.stringify(met)))).toMatchObject({ ok: true });
    expect(parseRunSummary({ ...JSON.parse(JSON.stringify(met)), goodput: { ratio: 2, rps: 1, bounds: {} } })).toMatchObject({ ok: false, error: /^goodput\.ratio/ });

    // content starts at 200 ms: a 100 ms TTFT bound is never met, whatever the other bounds say
    const missed = await run({}, 'goodput(ttft<100,latency<25000)>0.5');
    expect(missed.requests.ok).toBe(5);
    expect(missed.goodput!.ratio).toBe(0);
    expect(missed.goodput!.rps).toBe(0);
    expect(missed.slo?.checks.find((c) => c.name === 'goodput')).toMatchObject({ passed: false, actual: 0 });
  });

  it('shards merge: decode histograms, token counts and goodput add up', async () => {
    const slo = 'goodput(ttft<20000,latency<25000)>0.9';
    const [a, b] = await Promise.all([run({}, slo), run({}, slo)]);
    const m = mergeSummaries([a, b]);
    const st = m.stream!;
    expect(st.tpotMs!.count).toBe(10);
    expect(st.ttfeMs!.count).toBe(10);
    expect(st.ttfaMs!.count).toBe(10);
    // merged HDR digests hold 3 significant digits, like every digest
    expect(st.outputTokens).toMatchObject({ count: 10, min: 4 });
    expect(st.outputTokens!.max).toBeCloseTo(4, 2);
    expect(st.outputChars!.count).toBe(10);
    expect(st.outputChars!.max).toBeCloseTo(TEXT.length, 1);
    expect(st.contentEvents).toBe(10 * CHUNKS.length);
    expect(st.tokenEncoding).toBe('o200k_base');
    expect(m.histograms.outputTokens).toBeTypeOf('string');
    expect(m.goodput).toMatchObject({ ratio: 1, bounds: { ttftMs: 20000, latencyMs: 25000 } });
    expect(m.timeline.reduce((n, e) => n + (e.goodput ?? 0), 0)).toBe(10);
    expect(evaluateSlo(m, parseSloExpression(slo)).checks.find((c) => c.name === 'goodput')).toMatchObject({ passed: true });
  });
});
