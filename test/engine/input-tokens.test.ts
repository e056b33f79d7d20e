import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoad } from '../../src/load/run-load.ts';
import { countOutputTokens } from '../../src/metrics/tokens.ts';
import { GodGptApi } from '../../helpers/client/api.ts';
import { startServer, type TestServer } from './server.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'one two three' } }] })}\n\n`);
    res.end('data: [DONE]\n\n');
  });
});
afterAll(() => srv.close());

describe('input tokens (ISL) beside output tokens', () => {
  it('a stream that names its prompt records its input tokens in stream.inputTokens', async () => {
    const prompt = 'How can I start a daily meditation practice when my mornings are busy?';
    const isl = countOutputTokens(prompt);
    expect(isl).toBeGreaterThan(5);
    const s = await runLoad({
      baseUrl: srv.url,
      scenario: { url: '/', method: 'POST', body: '{}', sse: true, streamFormat: 'openai', inputText: prompt },
      model: { type: 'arrival-rate', startRate: 10, stages: [{ durationS: 0.5, target: 10 }] },
      warmupS: 0,
    });
    expect(s.stream?.inputTokens?.count).toBe(s.requests.ok);
    expect(s.stream?.inputTokens?.p50).toBe(isl);
    expect(s.stream?.inputTokens?.max).toBe(isl);
    expect(s.histograms.inputTokens).toBeTypeOf('string');
    expect(s.stream?.outputTokens?.p50).toBe(3);
  });

  it('a stream without a prompt records none (count 0), never a made-up length', async () => {
    const s = await runLoad({
      baseUrl: srv.url,
      scenario: { url: '/', method: 'POST', body: '{}', sse: true, streamFormat: 'openai' },
      model: { type: 'arrival-rate', startRate: 10, stages: [{ durationS: 0.3, target: 10 }] },
      warmupS: 0,
    });
    expect(s.stream?.inputTokens?.count).toBe(0);
  });

  it('GodGPT chat and guest chat name their prompt', () => {
    const api = new GodGptApi({ baseUrl: 'http://127.0.0.1:1' });
    expect(api.chat('t', 's', 'hello there').inputText).toBe('hello there');
    expect(api.guestChat('1.2.3.4', 'hi').inputText).toBe('hi');
  });
});
