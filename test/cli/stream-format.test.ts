import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.ts';
import { formatSummary } from '../../src/cli/format-summary.ts';
import { runRunCommand } from '../../src/cli/run.ts';
import { mergeSummaries } from '../../src/merge/merge-summaries.ts';
import { parseRunSummary } from '../../src/result/schema.ts';
import type { RunSummary } from '../../src/result/types.ts';
import { startServer, type TestServer } from '../engine/server.ts';

/**
 * A local OpenAI-compatible chat stream, as vLLM or the OpenAI API send it: a role-only first
 * chunk, ten one-word content chunks 30 ms apart, a finish chunk with an empty delta, then with
 * `?usage=1` (`stream_options.include_usage`) `"usage": null` on every chunk and a usage-only
 * chunk of 37 completion tokens, and `[DONE]`.
 */
const USAGE_TOKENS = 37;
const sent: number[][] = [];
let srv: TestServer;

beforeAll(async () => {
  srv = await startServer((req, res) => {
    const usage = new URL(req.url ?? '/', 'http://x').searchParams.get('usage') === '1';
    const content: number[] = [];
    sent.push(content);
    const chunk = (delta: object, extra: object = {}): string =>
      `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: null, ...extra }], ...(usage ? { usage: null } : {}) })}\n\n`;
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(chunk({ role: 'assistant', content: '' }));
    let i = 0;
    const next = (): void => {
      if (i < 10) {
        res.write(chunk({ content: ' hello' }));
        content.push(performance.now());
        i++;
        setTimeout(next, 30);
        return;
      }
      res.write(chunk({}, { finish_reason: 'stop' }));
      if (usage) res.write(`data: ${JSON.stringify({ id: 'c1', choices: [], usage: { prompt_tokens: 5, completion_tokens: USAGE_TOKENS, total_tokens: 42 } })}\n\n`);
      setTimeout(() => res.end('data: [DONE]\n\n'), 30);
    };
    setTimeout(next, 100);
  });
});
afterAll(() => srv.close());

const dir = mkdtempSync(join(tmpdir(), 'perf-stream-format-'));
let n = 0;

async function perfRun(query: string, ...flags: string[]): Promise<{ code: number; out: string; err: string[]; summary?: RunSummary }> {
  sent.length = 0;
  const json = join(dir, `run-${n++}.json`);
  const io = memoryIo({ env: {} });
  const code = await runRunCommand(['--url', `${srv.url}/v1/chat/completions${query}`, '--rate', '4', '--duration', '1', '--warmup', '0', '--json', json, '-q', '--no-preflight', ...flags], io);
  let summary: RunSummary | undefined;
  try {
    summary = JSON.parse(readFileSync(json, 'utf8')) as RunSummary;
  } catch {
    summary = undefined;
  }
  return { code, out: io.out.join('\n'), err: io.err, summary };
}

describe('perf run --stream-format openai', () => {
  it('without usage: the answer is choices[0].delta.content, tokens counted with the tokenizer, and the summary says so', async () => {
    const { code, out, summary } = await perfRun('', '--sse', '--stream-format', 'openai');
    expect(code).toBe(0);
    const st = summary!.stream!;
    expect(summary!.requests.ok).toBe(4);
    expect(st.contentEvents).toBe(4 * 10);
    expect(st.outputTokens).toMatchObject({ min: 10, max: 10 });
    expect(st.outputTokensFrom).toEqual({ usage: 0, tokenizer: 4 });
    expect(st.outputChars!.max).toBe(10 * ' hello'.length);
    // the role-only chunk is no token: TTFT is the first content chunk, at 100 ms or later
    expect(st.ttftMs.min).toBeGreaterThanOrEqual(95);
    expect(st.warnings).toBeUndefined();
    expect(out).toMatch(/output +p50 10 .*tokens \(o200k_base\)/);
    expect(out).not.toMatch(/warning/);
  });

  it('with usage: usage.completion_tokens is the output, the usage-only chunk does not end decode, and the summary says the server counted', async () => {
    const { code, out, summary } = await perfRun('?usage=1', '--sse', '--stream-format', 'openai');
    expect(code).toBe(0);
    const st = summary!.stream!;
    expect(st.outputTokens).toMatchObject({ min: USAGE_TOKENS, max: USAGE_TOKENS });
    expect(st.outputTokensFrom).toEqual({ usage: 4, tokenizer: 0 });
    expect(st.contentEvents).toBe(4 * 10);
    const truth = sent.map((c) => (c[9]! - c[0]!) / (USAGE_TOKENS - 1));
    expect(st.tpotMs!.count).toBe(4);
    expect(st.tpotMs!.min).toBeGreaterThanOrEqual(Math.min(...truth) - 1);
    expect(st.tpotMs!.max).toBeLessThanOrEqual(Math.max(...truth) + 1);
    expect(out).toMatch(/tokens \(server usage\)/);
  });

  it('--sse with no content field keeps the whole-data-line rule and warns, in the summary and on the terminal', async () => {
    const { code, out, summary } = await perfRun('', '--sse');
    expect(code).toBe(0);
    const st = summary!.stream!;
    // every data line but [DONE] is content, JSON syntax included: far more "tokens" than the 10 words
    expect(st.contentEvents).toBe(4 * 12);
    expect(st.outputTokens!.min).toBeGreaterThan(100);
    expect(st.wholeDataLineStreams).toBe(4);
    expect(st.warnings).toEqual([expect.stringMatching(/^no content field named: .*--content-field PATH or --stream-format openai/)]);
    expect(out).toMatch(/^warning +no content field named/m);
    const named = await perfRun('', '--sse', '--content-field', 'choices.0.delta.content');
    expect(named.summary!.stream!.warnings).toBeUndefined();
    expect(named.summary!.stream!.outputTokens).toMatchObject({ min: 10, max: 10 });
  });

  it('perf merge adds where the tokens came from, TTST and the warnings; the merged summary reads back', async () => {
    const [usage, tokenizer, wholeLine] = await Promise.all([
      perfRun('?usage=1', '--sse', '--stream-format', 'openai'),
      perfRun('', '--sse', '--stream-format', 'openai'),
      perfRun('', '--sse'),
    ]);
    const m = mergeSummaries([usage.summary!, tokenizer.summary!, wholeLine.summary!]);
    expect(m.stream!.outputTokensFrom).toEqual({ usage: 4, tokenizer: 8 });
    expect(m.stream!.ttstMs!.count).toBe(12);
    expect(m.stream!.wholeDataLineStreams).toBe(4);
    expect(m.stream!.warnings).toEqual(wholeLine.summary!.stream!.warnings);
    expect(parseRunSummary(JSON.parse(JSON.stringify(m)))).toMatchObject({ ok: true });
    expect(formatSummary(m).join('\n')).toMatch(/tokens \(server usage ×4, o200k_base ×8\)/);
  });

  it.each([
    [['--sse', '--stream-format', 'anthropic'], /^--stream-format: expected openai, got "anthropic"$/],
    [['--stream-format', 'openai'], /^--stream-format: applies to SSE streams only, add --sse$/],
    [['--sse', '--stream-format', 'openai', '--content-field', 'x'], /^--stream-format: openai reads the answer itself; drop --content-field$/],
  ])('%j exits 2 with one line before any request', async (flags, message) => {
    const before = srv.hits();
    const { code, err } = await perfRun('', ...flags);
    expect(code).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(message);
    expect(srv.hits()).toBe(before);
  });
});
