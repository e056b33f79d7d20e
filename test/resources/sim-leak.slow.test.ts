import { afterAll, describe, expect, it } from 'vitest';
import { runLoad } from '../../src/load/run-load.ts';
import { runLeakCheck } from '../../src/resources/leak-check.ts';
import { registerLeakMatchers } from '../../src/resources/leak-matcher.ts';
import { createPrometheusTextSampler } from '../../src/resources/text-sampler.ts';
import { startSim } from '../capacity/sim-fixture.ts';

registerLeakMatchers();
const stops: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const stop of stops) await stop();
});

/** Drives create-session at 70/s for 7 s (about 450 sessions), then cools down and judges memory. */
async function createSessionLeakCheck(profile: 'healthy' | 'seed-report') {
  const env = await startSim(profile);
  stops.push(env.stop);
  const cs = await env.prepare('create-session');
  const sampler = createPrometheusTextSampler({ url: `${env.sim.url}/metrics`, gauges: { sessionBytes: 'sim_session_bytes' } });
  stops.push(async () => void (await sampler.stop()));
  return runLeakCheck({
    sampler,
    // Long enough for V8 to collect the load's garbage in an idle process (its memory reducer acts after ~8-16 s).
    cooldownS: 20,
    // Lets the simulator collect the garbage of seeding and logins before the baseline is taken.
    baselineS: 4,
    load: (view) =>
      runLoad({
        name: 'create-session',
        baseUrl: env.sim.url,
        scenario: cs.scenario,
        model: { type: 'arrival-rate', startRate: 35, stages: [{ durationS: 1, target: 70 }, { durationS: 6, target: 70 }] },
        connections: cs.connections,
        timeoutMs: cs.timeoutMs,
        warmupS: 0,
        samplers: [view],
      }),
  });
}

describe('leak check against the GodGPT simulator', () => {
  it('seed-report: create-session memory is never released', async () => {
    const { result, verdict } = await createSessionLeakCheck('seed-report');
    expect(result.errorRate).toBeLessThan(0.01);
    expect(result.timeline.some((e) => e.resources?.['jsMemoryBytes'] !== undefined)).toBe(true);
    expect(verdict.metric).toBe('jsMemoryBytes');
    expect(verdict.leaked, verdict.reason).toBe(true);
    expect(verdict.endBytes - verdict.baselineBytes).toBeGreaterThan(8 * 1024 * 1024);
    expect(verdict.retainedRatio).toBeGreaterThan(0.25);
    expect(verdict).not.toReleaseMemory();
  }, 90_000);

  it('healthy: no leak after the same load', async () => {
    const { result, verdict } = await createSessionLeakCheck('healthy');
    expect(result.errorRate).toBeLessThan(0.01);
    expect(verdict.leaked, verdict.reason).toBe(false);
    expect(verdict).toReleaseMemory();
  }, 90_000);
});
