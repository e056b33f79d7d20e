import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPerfError } from '../src/index.ts';
import { resolveConfig } from './config.ts';
import { resolveEndpoint } from './resolve-endpoint.ts';
import { useSuiteEndpoints } from '../perf/endpoints/index.ts';

// The helpers under test find the suite's endpoints as an entry point hands them over.
useSuiteEndpoints();

function refused(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(isPerfError(err) && err.code).toBe('PERF_ERR_CONFIG');
    return (err as Error).message;
  }
  throw new Error('not refused');
}

describe('an SLO override the suite cannot measure is refused before any run', () => {
  const sim = resolveConfig({});

  it('stream bounds on an endpoint that does not stream (PERF_SLO_<ID>): they failed after the load as "insufficient samples"', () => {
    expect(refused(() => resolveEndpoint('user-id', sim, { PERF_SLO_USER_ID: 'ttft_p95<100' }))).toBe(
      'PERF_SLO_USER_ID: ttft.p95 cannot be measured: user-id is not an SSE stream (TTFT, TPOT and stream completion are measured on SSE streams only)',
    );
    expect(refused(() => resolveEndpoint('account', sim, { PERF_SLO_ACCOUNT: 'p95<300,completion>0.99' }))).toMatch(/^PERF_SLO_ACCOUNT: streamCompletion cannot be measured: account is not an SSE stream/);
    expect(refused(() => resolveEndpoint('account', sim, { PERF_SLO_ACCOUNT: 'goodput(ttft<100,latency<300)>0.9' }))).toMatch(/^PERF_SLO_ACCOUNT: goodput\(ttft\) cannot be measured/);
    expect(resolveEndpoint('chat', sim, { PERF_SLO_CHAT: 'ttft_p95<900,completion>0.98' }).slo.ttftMs?.p95).toBe(900);
    expect(resolveEndpoint('account', sim, { PERF_SLO_ACCOUNT: 'goodput(latency<300)>0.9' }).slo.goodput?.latencyMs).toBe(300);
  });

  it('the same in a PERF_CONFIG file, naming the file and the endpoint', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'perf-config-')), 'perf.json');
    writeFileSync(file, JSON.stringify({ endpoints: { 'user-info': { slo: { ttftMs: { p95: 100 } } } } }));
    const config = resolveConfig({ PERF_CONFIG: file });
    expect(refused(() => resolveEndpoint('user-info', config, {}))).toBe(
      `PERF_CONFIG: ${file} endpoints.user-info.slo: ttft.p95 cannot be measured: user-info is not an SSE stream (TTFT, TPOT and stream completion are measured on SSE streams only)`,
    );
  });

  it('a resource bound set by the user with no sampler that gives it is refused; the definitions\' own CPU bound is still skipped', () => {
    const real = resolveConfig({ BASE_URL: 'http://127.0.0.1:9' });
    expect(refused(() => resolveEndpoint('user-id', real, { PERF_SLO_USER_ID: 'resources.cpuPercent<50' }))).toBe(
      'PERF_SLO_USER_ID: resources.cpuPercent cannot be measured: no resource sampler: set PERF_METRICS_URL or PERF_PROMETHEUS_URL + PERF_PROMETHEUS_QUERIES',
    );
    expect(refused(() => resolveEndpoint('user-id', real, { PERF_METRICS_URL: 'http://127.0.0.1:9/metrics', PERF_SLO_USER_ID: 'resources.queueDepth<5' }))).toMatch(
      /^PERF_SLO_USER_ID: resources\.queueDepth cannot be measured: no configured sampler gives queueDepth \(they give cpuPercent, .*\); add it to PERF_METRICS_GAUGES/,
    );
    expect(resolveEndpoint('user-id', real, {}).skippedBounds).toEqual(['resources.cpuPercent']);
    expect(resolveEndpoint('user-id', real, { PERF_METRICS_URL: 'http://127.0.0.1:9/metrics', PERF_SLO_USER_ID: 'resources.cpuPercent<50' }).slo.resources).toEqual({ cpuPercent: 50 });
  });
});
