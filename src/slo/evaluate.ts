import type { Distribution, RunSummary, SloCheck, SloResult } from '../result/types.ts';
import { formatValue } from './format.ts';
import type { LatencyBounds, Slo } from './types.ts';

/**
 * Fewest samples that can estimate each statistic. A quantile q is only observable when at
 * least one sample lies above it, i.e. n >= 1 / (1 - q): p50 needs 2, p90 10, p95 20, p99 100;
 * max needs 1. A check with fewer samples fails as "insufficient samples", never vacuously passes.
 */
export const MIN_SAMPLES: Readonly<Record<keyof LatencyBounds, number>> = {
  p50: 2,
  p90: 10,
  p95: 20,
  p99: 100,
  max: 1,
};

const STATS: readonly (keyof LatencyBounds)[] = ['p50', 'p90', 'p95', 'p99', 'max'];

function fail(name: string, bound: string, actual: number, reason?: string): SloCheck {
  return reason === undefined ? { name, bound, actual, passed: false } : { name, bound, actual, passed: false, reason };
}

function distributionChecks(
  prefix: string,
  bounds: LatencyBounds | undefined,
  dist: Distribution | undefined,
  missing: string | undefined,
): SloCheck[] {
  if (!bounds) return [];
  const checks: SloCheck[] = [];
  for (const stat of STATS) {
    const limit = bounds[stat];
    if (limit === undefined) continue;
    const name = `${prefix}.${stat}`;
    const bound = `< ${formatValue(limit)} ms`;
    const count = dist?.count ?? 0;
    const need = MIN_SAMPLES[stat];
    if (!dist || count < need) {
      const why = `insufficient samples (${count} < ${need})`;
      checks.push(fail(name, bound, NaN, missing && count === 0 ? `${why}: ${missing}` : why));
      continue;
    }
    const actual = dist[stat];
    checks.push({ name, bound, actual, passed: Number.isFinite(actual) && actual < limit });
  }
  return checks;
}

function generatorCheck(summary: RunSummary): SloCheck {
  const gen = summary.generator;
  const bound = 'valid';
  if (gen.valid) return { name: 'generator', bound, actual: gen.p99DispatchLagMs, passed: true };
  const notes = gen.notes.length > 0 ? gen.notes.map((n) => n.replace(/^generator overloaded:\s*/i, '')).join('; ') : `p99 dispatch lag ${formatValue(gen.p99DispatchLagMs)} ms`;
  return fail('generator', bound, gen.p99DispatchLagMs, `generator overloaded: ${notes}`);
}

/** Highest sample of a resource in the judged window (`summary.window`; the timeline second starting at `t`). */
function maxResource(summary: RunSummary, key: string): number {
  let max = NaN;
  const { fromS, toS } = summary.window ?? { fromS: -Infinity, toS: Infinity };
  for (const entry of summary.timeline) {
    if (entry.t < fromS || entry.t >= toS) continue;
    const v = entry.resources?.[key];
    if (v !== undefined && Number.isFinite(v) && !(v <= max)) max = v;
  }
  return max;
}

/**
 * Judges a run summary against an SLO and returns every check with its bound and measured value.
 * Latency, TTFT, error-rate and resource bounds are strict upper bounds ("below"; a resource bound
 * applies to its highest sample in the judged window); rate and stream
 * completion ratios are lower bounds ("at least"). The result always holds a `generator` check
 * (failing when the load generator fell behind, so an SLO cannot pass on untrustworthy numbers)
 * and, for a run cut short by an abort, a failing `run` check. Zero scheduled requests fail the
 * error-rate and rate checks. Never throws.
 */
export function evaluateSlo(summary: RunSummary, slo: Slo): SloResult {
  const checks: SloCheck[] = [generatorCheck(summary)];
  if (summary.aborted) {
    checks.push(fail('run', 'not aborted', NaN, `run aborted${summary.abortReason ? `: ${summary.abortReason}` : ''}`));
  }
  checks.push(...distributionChecks('latency', slo.latencyMs, summary.latencyMs, undefined));
  checks.push(...distributionChecks('ttft', slo.ttftMs, summary.stream?.ttftMs, summary.stream ? undefined : 'no SSE streams measured'));

  const scheduled = summary.requests.scheduled;
  if (slo.errorRate !== undefined) {
    const bound = `< ${formatValue(slo.errorRate)}`;
    if (scheduled <= 0) checks.push(fail('errorRate', bound, NaN, 'no requests scheduled'));
    else checks.push({ name: 'errorRate', bound, actual: summary.errorRate, passed: summary.errorRate < slo.errorRate });
  }

  if (slo.minRateRatio !== undefined) {
    const bound = `>= ${formatValue(slo.minRateRatio)}`;
    const { targetRps, achievedRps } = summary.throughput;
    if (scheduled <= 0) checks.push(fail('rateRatio', bound, NaN, 'no requests scheduled'));
    else if (!(targetRps > 0)) checks.push(fail('rateRatio', bound, NaN, 'no target rate to compare with'));
    else {
      const actual = achievedRps / targetRps;
      checks.push({ name: 'rateRatio', bound, actual, passed: actual >= slo.minRateRatio });
    }
  }

  if (slo.minStreamCompletion !== undefined) {
    const bound = `>= ${formatValue(slo.minStreamCompletion)}`;
    const stream = summary.stream;
    const total = stream ? stream.completed + stream.aborted : 0;
    if (!stream || total <= 0) {
      checks.push(fail('streamCompletion', bound, NaN, `insufficient samples (0 < 1)${stream ? '' : ': no SSE streams measured'}`));
    } else {
      const actual = stream.completed / total;
      checks.push({ name: 'streamCompletion', bound, actual, passed: actual >= slo.minStreamCompletion });
    }
  }

  for (const [key, limit] of Object.entries(slo.resources ?? {})) {
    const name = `resources.${key}`;
    const bound = `< ${formatValue(limit)}`;
    const actual = maxResource(summary, key);
    if (Number.isNaN(actual)) checks.push(fail(name, bound, NaN, `no samples of ${key}`));
    else checks.push({ name, bound, actual, passed: actual < limit });
  }

  return { passed: checks.every((c) => c.passed), checks };
}
