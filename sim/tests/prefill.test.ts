import { afterEach, describe, expect, it } from 'vitest';
import { estimateInputTokens, LLM_MODELS, prefillMs } from '../model.ts';
import { startHarness, type Harness } from './harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('real-llm: time to first token grows with the input length (prefill)', () => {
  it('estimates input tokens (about 4 ASCII characters or 1 CJK character a token) and charges real-llm per token, mocked nothing', () => {
    expect(estimateInputTokens('word '.repeat(200))).toBe(250);
    expect(estimateInputTokens('如何开始每天冥想的习惯')).toBe(11);
    expect(prefillMs(LLM_MODELS['real-llm'], 'x'.repeat(4000))).toBeCloseTo(1000 * LLM_MODELS['real-llm'].prefillMsPerToken, 6);
    expect(LLM_MODELS['real-llm'].prefillMsPerToken).toBeGreaterThan(0);
    expect(prefillMs(LLM_MODELS.mocked, 'x'.repeat(4000))).toBe(0);
  });

  it('a chat with a long prompt waits its prefill before the first token', async () => {
    // fast: timeScale 0.01, so 100 ms/token becomes 1 ms/token and the rest of the stream ~nothing.
    h = await startHarness('fast', { llm: 'real-llm', llmOverrides: { prefillMsPerToken: 100, ttftMedianMs: 10, ttftP95Ms: 10, rateLimitRatio: 0, timeoutRatio: 0, tokensMin: 4, tokensMax: 4 } });
    const { token } = await h.user('prefill');
    const sessionId = ((await h.req('/api/godgpt/create-session', { method: 'POST', token, json: {} })).json() as { data: string }).data;
    const timed = async (content: string): Promise<number> => {
      const t0 = performance.now();
      const r = await h!.req('/api/gotgpt/chat', { method: 'POST', token, json: { sessionId, content } });
      expect(r.status).toBe(200);
      return performance.now() - t0;
    };
    const short = await timed('Hello there');
    const long = await timed('word '.repeat(1000));
    expect(long).toBeGreaterThanOrEqual(1200);
    expect(long).toBeGreaterThan(short);
  });
});
