import { describe, expect, it } from 'vitest';
import { runCapacityCommand } from '../../src/cli/capacity.ts';
import { memoryIo } from '../../src/cli/io.ts';
import type { RunLoad } from '../../src/load/types.ts';
import { startTextServer } from '../resources/metrics-server.ts';

/** Counts the steps' load instead of sending it: these tests are about the unloaded measurement. */
const noSteps = (): { runLoad: RunLoad; steps: () => number } => {
  let steps = 0;
  const runLoad = (async () => {
    steps++;
    throw new Error('no step load in this test');
  }) as unknown as RunLoad;
  return { runLoad, steps: () => steps };
};

async function unloadedOnly(max: string, extra: string[] = []) {
  const srv = await startTextServer(() => ({ body: 'ok' }));
  const io = memoryIo({ env: {} });
  const load = noSteps();
  try {
    await runCapacityCommand(
      ['--url', `${srv.url}/x`, '--start', max, '--step', max, '--max', max, '--slo', 'p95<500', '--no-preflight', ...extra],
      io, undefined, { runLoad: load.runLoad },
    );
    return { hits: srv.hits(), err: io.err.join('\n') };
  } finally {
    await srv.close();
  }
}

describe('the unloaded latency of perf capacity', () => {
  it('is announced with its bounds and sends at most the iterations it announces against a fast target', async () => {
    const r = await unloadedOnly('1000');
    expect(r.err).toMatch(/measuring unloaded latency: at most 53 sequential iterations \(3 warm-up\), at most 1000\/s \(--max\), at most 15 s/);
    expect(r.hits).toBeGreaterThan(20);
    expect(r.hits).toBeLessThanOrEqual(53);
  });

  it('never goes faster than --max', async () => {
    const started = Date.now();
    const r = await unloadedOnly('20');
    const elapsedS = (Date.now() - started) / 1000;
    expect(r.err).toMatch(/at most 53 sequential iterations \(3 warm-up\), at most 20\/s \(--max\)/);
    // Never more than one iteration per 50 ms of the measurement.
    expect(r.hits).toBeLessThanOrEqual(Math.ceil(elapsedS * 20) + 1);
    expect(r.hits).toBeLessThanOrEqual(53);
  });
});
