import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runLoad } from '../../src/load/run-load.ts';
import { tokenizerLoaded } from '../../src/metrics/tokens.ts';
import { okHandler, startServer, type TestServer } from './server.ts';

// Loading the tokenizer's tables blocks the event loop for 0.2-0.5 s: done mid-run (at the first
// recorded stream's end) it was a generator stall in every streaming run of the suite.
describe('the tokenizer is loaded before a run that may stream, never during it', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(okHandler);
  });
  afterAll(() => server.close());

  test('a plain request run does not load it; a flow run has it loaded before its first iteration', async () => {
    await runLoad({ scenario: { url: `${server.url}/plain` }, model: { type: 'arrival-rate', stages: [{ durationS: 0.2, target: 10 }] }, warmupS: 0 });
    expect(tokenizerLoaded()).toBe(false);
    const seen: boolean[] = [];
    await runLoad({
      scenario: async (ctx) => {
        seen.push(tokenizerLoaded());
        await ctx.request({ url: `${server.url}/flow` });
      },
      model: { type: 'arrival-rate', stages: [{ durationS: 0.5, target: 10 }] },
      warmupS: 0,
    });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every(Boolean)).toBe(true);
  });
});
