import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.ts';
import { runRunCommand } from '../../src/cli/run.ts';
import type { RunSummary } from '../../src/result/types.ts';
import { startServer, type TestServer } from './server.ts';

/**
 * An OpenAI-style stream of known timing: first content chunk at 200 ms, then one every 50 ms, the
 * last (the tenth) at 650 ms, `[DONE]` at 700 ms, then the close. `?words=` words a chunk (one
 * token each in o200k_base). The server notes when it wrote each content chunk, on the same clock
 * as the client (one process), so each stream's truth is known whatever the machine's load.
 */
const CHUNKS = 10;
interface Sent { content: number[] }
const sent: Sent[] = [];
let srv: TestServer;

beforeAll(async () => {
  srv = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const words = Number(url.searchParams.get('words') ?? 1);
    const record: Sent = { content: [] };
    sent.push(record);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    const t0 = performance.now();
    const at = (ms: number, fn: () => void): void => void setTimeout(fn, Math.max(0, t0 + ms - performance.now()));
    for (let i = 0; i < CHUNKS; i++) {
      at(200 + i * 50, () => {
        const text = Array.from({ length: words }, () => ' hello').join('');
        res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: text } }] })}\n\n`);
        record.content.push(performance.now());
      });
    }
    at(700, () => res.end('data: [DONE]\n\n'));
  });
});
afterAll(() => srv.close());

const dir = mkdtempSync(join(tmpdir(), 'perf-tpot-'));
let n = 0;

async function perfRun(words: number): Promise<{ summary: RunSummary; truth: { tpot: number[]; ttst: number[] } }> {
  sent.length = 0;
  const json = join(dir, `run-${n++}.json`);
  const io = memoryIo({ env: {} });
  const code = await runRunCommand(
    ['--url', `${srv.url}/v1/chat/completions?words=${words}`, '--rate', '4', '--duration', '1', '--warmup', '0', '--sse', '--content-field', 'choices.0.delta.content', '--json', json, '-q', '--no-preflight'],
    io,
  );
  expect(io.err).toEqual([]);
  expect(code).toBe(0);
  const summary = JSON.parse(readFileSync(json, 'utf8')) as RunSummary;
  const tokens = CHUNKS * words;
  const done = sent.filter((s) => s.content.length === CHUNKS);
  return {
    summary,
    truth: {
      tpot: done.map((s) => (s.content[CHUNKS - 1]! - s.content[0]!) / (tokens - 1)),
      ttst: done.map((s) => s.content[1]! - s.content[0]!),
    },
  };
}

/** Within `tol` ms of the truth the server's own clock gives (the least and the largest stream). */
function expectNear(d: { count: number; min: number; max: number }, truth: number[], tol: number): void {
  expect(d.count).toBe(truth.length);
  expect(d.min).toBeGreaterThanOrEqual(Math.min(...truth) - tol);
  expect(d.max).toBeLessThanOrEqual(Math.max(...truth) + tol);
}

describe('TPOT as vLLM, AIPerf and genai-perf define it: (last content − first content) / (output tokens − 1)', () => {
  it('one token a chunk: 450 ms / 9 = 50 ms, never to [DONE] or the close; TTST is the second chunk; latency runs to the close', async () => {
    const { summary, truth } = await perfRun(1);
    const st = summary.stream!;
    expect(summary.requests.ok).toBe(4);
    expect(st.outputTokens!.min).toBe(10);
    expect(st.outputTokens!.max).toBe(10);
    // today's formula, (close − first content) / 9, gives 500 / 9 = 55.6 ms: the bound tells them apart
    expectNear(st.tpotMs!, truth.tpot, 2.5);
    expectNear(st.ttstMs!, truth.ttst, 15);
    // the chunk gaps keep their own distribution: 9 between content chunks and 1 to [DONE] per stream
    expect(st.interEventMs.count).toBe(4 * CHUNKS);
    expect(summary.latencyMs.min).toBeGreaterThanOrEqual(695);
    expect(summary.histograms.ttst).toBeTypeOf('string');
  });

  it('two tokens a chunk: 450 ms / 19 ≈ 23.7 ms (tokens, not chunks)', async () => {
    const { summary, truth } = await perfRun(2);
    const st = summary.stream!;
    expect(st.outputTokens!.min).toBe(20);
    expect(st.outputTokens!.max).toBe(20);
    // (the old formula gave 500 / 9 = 55.6 ms)
    expectNear(st.tpotMs!, truth.tpot, 1.5);
    expect(st.tpotMs!.p50).toBeLessThan(30);
  });
});
