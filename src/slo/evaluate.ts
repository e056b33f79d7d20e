import { fmtNumber } from '../report/format.ts';
import type { Distribution, RunSummary, SloCheck, SloResult } from '../result/types.ts';
import { tpotPerToken, TPOT_PER_CHUNK } from '../result/tpot-basis.ts';
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

/** Checks of `bounds` on `dist` named `<prefix>.<stat>`; too few samples fail as insufficient, never pass. */
export function distributionChecks(
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
    const bound = `< ${fmtNumber(limit)} ms`;
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

function generatorNotes(summary: RunSummary): string {
  const gen = summary.generator;
  return gen.notes.length > 0
    ? gen.notes.map((n) => n.replace(/^generator overloaded:\s*/i, '')).join('; ')
    : `p99 dispatch lag ${fmtNumber(gen.p99DispatchLagMs)} ms`;
}

/** Checks of times measured from the intended start (what a generator stall or lag inflates). */
function isTimingCheck(check: SloCheck): boolean {
  return check.name === 'goodput' || /^(latency|ttft|tpot)\./.test(check.name);
}

/**
 * The generator check. A healthy generator passes. An unhealthy one makes its times
 * untrustworthy, but only upwards: a stall or a late dispatch adds to a latency measured from the
 * intended start, it never removes any. So in the open model, whose offered load follows the
 * schedule whatever the generator does, a timing bound that was met despite it is met, and the
 * check passes with a note; a missed one cannot be blamed on the target, and the check fails as
 * "generator overloaded". In the closed model a slow generator also lowers the offered load (users
 * start their next iteration late), which can flatter the target, so it always fails.
 */
function generatorCheck(summary: RunSummary, checks: readonly SloCheck[]): SloCheck {
  const gen = summary.generator;
  const bound = 'valid';
  if (gen.valid) return { name: 'generator', bound, actual: gen.p99DispatchLagMs, passed: true };
  const timing = checks.filter(isTimingCheck);
  const missed = timing.filter((c) => !c.passed).map((c) => c.name);
  if (summary.model === 'arrival-rate' && missed.length === 0) {
    const what = timing.length > 0 ? 'every timing bound was met with the inflated times' : 'the SLO bounds no time';
    return {
      name: 'generator',
      bound,
      actual: gen.p99DispatchLagMs,
      passed: true,
      reason: `generator unhealthy (${generatorNotes(summary)}), but its stalls and lag only add latency and ${what}`,
    };
  }
  const blamed = missed.length > 0 ? `; ${missed.join(', ')} may be the generator's, not the target's` : '';
  return fail('generator', bound, gen.p99DispatchLagMs, `generator overloaded: ${generatorNotes(summary)}${blamed}`);
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

/** The error-rate bound of an SLO that states none: every SLO bounds errors. */
export const DEFAULT_MAX_ERROR_RATE = 0.01;

function countsText(errors: RunSummary['errors']): string {
  return Object.entries(errors)
    .filter((e): e is [string, number] => (e[1] ?? 0) > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ×${n}`)
    .join(', ');
}

/** Why the judged window holds no request: empty run, or a run stopped before the window. */
function emptyWindowReason(summary: RunSummary): string {
  const w = summary.whole?.requests;
  if (!w || w.scheduled <= 0) return 'no requests scheduled';
  return `no requests in the judged window (whole run: ${w.scheduled} scheduled, error rate ${fmtNumber(summary.whole.errorRate * 100)}%)`;
}

/** Why an error rate has nothing to rest on: requests were scheduled but none ended (an interrupted run). */
function noneEnded(summary: RunSummary): string {
  const sent = summary.requests.sent;
  return sent > 0 ? `none of ${sent} sent completed` : 'nothing sent';
}

/** Goodput ratio at least `min`; unmeasured (no bounds recorded, nothing scheduled) fails. */
function goodputCheck(summary: RunSummary, min: number): SloCheck {
  const bound = `>= ${fmtNumber(min)}`;
  const g = summary.goodput;
  if (g === undefined) return fail('goodput', bound, NaN, 'goodput not measured: the run had no goodput bounds');
  if (summary.requests.scheduled <= 0) return fail('goodput', bound, NaN, emptyWindowReason(summary));
  const b = g.bounds;
  const within = [b.ttftMs !== undefined ? `ttft < ${b.ttftMs} ms` : '', b.tpotMs !== undefined ? `tpot < ${b.tpotMs} ms` : '', b.latencyMs !== undefined ? `latency < ${b.latencyMs} ms` : '']
    .filter((t) => t !== '')
    .join(', ');
  return { name: 'goodput', bound: `${bound} (${within})`, actual: g.ratio, passed: g.ratio >= min };
}

/** Fails when no request of the judged window ended ok: such a run never passes. */
function okCheck(summary: RunSummary): SloCheck {
  const r = summary.requests;
  const name = 'okRequests';
  const bound = '>= 1';
  if (r.ok > 0) return { name, bound, actual: r.ok, passed: true };
  if (r.scheduled <= 0) return fail(name, bound, 0, 'no request succeeded: nothing scheduled in the judged window');
  const kinds = countsText(summary.errors);
  const detail = r.completed === 0 && r.dropped === 0
    ? `none of ${r.sent} sent completed`
    : `${r.failed + r.dropped} of ${r.scheduled} failed${kinds ? ` (${kinds})` : ''}`;
  return fail(name, bound, 0, `no request succeeded: ${detail}`);
}

/**
 * Judges a run summary against an SLO and returns every check with its bound and measured value.
 * Latency, TTFT, error-rate and resource bounds are strict upper bounds ("below"; a resource bound
 * applies to its highest sample in the judged window); rate and stream
 * completion ratios are lower bounds ("at least"). Latency bounds apply to the requests that
 * ended ok and the rate ratio counts iterations completed ok, so failures that fail fast cannot
 * pass them. The result always holds a `generator` check (failing when the load generator fell
 * behind and a timing bound was missed, or in the closed model; see {@link generatorCheck}), an `okRequests` check (failing when
 * nothing succeeded, whatever the bounds say), an `errorRate` check ({@link DEFAULT_MAX_ERROR_RATE}
 * when the SLO states none) and, for a run cut short by an abort, a failing `run` check. Zero
 * scheduled requests fail the error-rate and rate checks; so does an error rate with no request
 * ended (completed or dropped), which is not 0% errors but no measurement. Never throws.
 */
export function evaluateSlo(summary: RunSummary, slo: Slo): SloResult {
  const checks: SloCheck[] = [];
  if (summary.aborted) {
    checks.push(fail('run', 'not aborted', NaN, `run aborted${summary.abortReason ? `: ${summary.abortReason}` : ''}`));
  }
  checks.push(okCheck(summary));
  checks.push(...distributionChecks('latency', slo.latencyMs, summary.latencyMs, summary.requests.ok > 0 ? undefined : 'no request succeeded'));
  checks.push(...distributionChecks('ttft', slo.ttftMs, summary.stream?.ttftMs, summary.stream ? undefined : 'no SSE streams measured'));
  const tpot = tpotPerToken(summary.stream);
  const noTpot = !summary.stream ? 'no SSE streams measured' : tpot === undefined && summary.stream.tpotMs !== undefined ? TPOT_PER_CHUNK : 'no stream had two content events and two tokens';
  checks.push(...distributionChecks('tpot', slo.tpotMs, tpot, noTpot));
  if (slo.goodput?.minRatio !== undefined) checks.push(goodputCheck(summary, slo.goodput.minRatio));

  const scheduled = summary.requests.scheduled;
  const maxErrorRate = slo.errorRate ?? DEFAULT_MAX_ERROR_RATE;
  const errorBound = `< ${fmtNumber(maxErrorRate)}${slo.errorRate === undefined ? ' [default]' : ''}`;
  const ended = summary.requests.completed + summary.requests.dropped;
  if (scheduled <= 0) checks.push(fail('errorRate', errorBound, NaN, emptyWindowReason(summary)));
  else if (ended <= 0) checks.push(fail('errorRate', errorBound, NaN, `insufficient samples (0 < 1): ${noneEnded(summary)}`));
  else checks.push({ name: 'errorRate', bound: errorBound, actual: summary.errorRate, passed: summary.errorRate < maxErrorRate });

  if (slo.minRateRatio !== undefined) {
    const bound = `>= ${fmtNumber(slo.minRateRatio)}`;
    const { targetRps, achievedRps } = summary.throughput;
    if (scheduled <= 0) checks.push(fail('rateRatio', bound, NaN, emptyWindowReason(summary)));
    else if (!(targetRps > 0)) checks.push(fail('rateRatio', bound, NaN, 'no target rate to compare with'));
    else {
      const actual = achievedRps / targetRps;
      checks.push({ name: 'rateRatio', bound, actual, passed: actual >= slo.minRateRatio });
    }
  }

  if (slo.minStreamCompletion !== undefined) {
    const bound = `>= ${fmtNumber(slo.minStreamCompletion)}`;
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
    const bound = `< ${fmtNumber(limit)}`;
    const actual = maxResource(summary, key);
    if (Number.isNaN(actual)) checks.push(fail(name, bound, NaN, `no samples of ${key}`));
    else checks.push({ name, bound, actual, passed: actual < limit });
  }

  checks.unshift(generatorCheck(summary, checks));
  return { passed: checks.every((c) => c.passed), checks };
}
