import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPerfError, samplersFromEnv } from '../src/index.ts';
import { startTextServer } from '../test/resources/metrics-server.ts';
import { resolveConfig } from './config.ts';
import { checkResourceSeries } from './resource-probe.ts';
import { useSuiteEndpoints } from '../perf/endpoints/index.ts';

// The helpers under test find the suite's endpoints as an entry point hands them over.
useSuiteEndpoints();

const MEMORY_ONLY = '# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes 123456789\n';
let cpu = 1;
const WITH_CPU = () => `${MEMORY_ONLY}# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total ${(cpu += 0.01)}\n`;

let memoryOnly: Awaited<ReturnType<typeof startTextServer>>;
let withCpu: Awaited<ReturnType<typeof startTextServer>>;
beforeAll(async () => {
  memoryOnly = await startTextServer(() => ({ body: MEMORY_ONLY }));
  withCpu = await startTextServer(() => ({ body: WITH_CPU() }));
});
afterAll(async () => {
  await memoryOnly.close();
  await withCpu.close();
});

/** What the global set-up does against a deployment with `PERF_METRICS_URL=<url>`. */
function check(metricsUrl: string, extra: Record<string, string> = {}) {
  const env = { BASE_URL: 'http://127.0.0.1:9', PERF_METRICS_URL: metricsUrl, PERF_SCRAPE_INTERVAL_MS: '100', ...extra };
  return checkResourceSeries({ config: resolveConfig(env), env, samplers: samplersFromEnv(env) });
}

describe('resource bounds against what the configured source gives, before any run', () => {
  it('PERF_METRICS_URL without the CPU series: the definitions\' resources.cpuPercent is refused naming the source (it failed after the load with "no samples")', async () => {
    const err = await check(`${memoryOnly.url}/metrics`).then(() => undefined, (e: unknown) => e as Error);
    expect(isPerfError(err) && err.code).toBe('PERF_ERR_CONFIG');
    expect(err!.message).toMatch(
      new RegExp(`^resources\\.cpuPercent \\(SLO of [a-z-]+, .*\\) cannot be measured: PERF_METRICS_URL ${memoryOnly.url}/metrics gave no cpuPercent \\(.*has no process_cpu_seconds_total metric.*\\); `),
    );
    expect(err!.message).toMatch(/PERF_METRICS_CPU/);
  });

  it('a source that gives the series passes; a bound the user set on a gauge it lacks is named too', async () => {
    await expect(check(`${withCpu.url}/metrics`)).resolves.toBeUndefined();
    const err = await check(`${withCpu.url}/metrics`, { PERF_METRICS_GAUGES: 'queue=queue_depth', PERF_SLO_USER_ID: 'resources.queue<5' }).then(() => undefined, (e: unknown) => e as Error);
    expect(err?.message).toMatch(/^resources\.queue \(SLO of user-id\) cannot be measured: PERF_METRICS_URL .* gave no queue/);
  });

  it('a source that does not answer is named with its error', async () => {
    const err = await check('http://127.0.0.1:9/metrics').then(() => undefined, (e: unknown) => e as Error);
    expect(err?.message).toMatch(/^resources\.cpuPercent \(SLO of .*\) cannot be measured: PERF_METRICS_URL http:\/\/127\.0\.0\.1:9\/metrics gave no cpuPercent \(every scrape failed: .*ECONNREFUSED/);
  });
});
