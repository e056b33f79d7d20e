import { escapeControlChars } from '../core/control-chars.ts';
import type { Distribution, RunSummary } from '../result/types.ts';
import { fmtBytes, fmtNumber, fmtPctDecimal } from '../report/format.ts';
import { formatSloResult } from '../slo/format.ts';
import { describeArrivals } from '../load/arrivals.ts';

const LABEL = 12;
const row = (label: string, text: string) => `${label.padEnd(LABEL)}${text}`;

function counts(record: Record<string, number | undefined>): string {
  const entries = Object.entries(record).filter((e): e is [string, number] => (e[1] ?? 0) > 0);
  entries.sort((a, b) => b[1] - a[1]);
  return entries.map(([k, n]) => `${k} ${n}`).join(', ');
}

/** A percentile in ms, `n/a` without samples (a 0 there would read as instant). */
function ms(d: Distribution, key: 'p95' | 'p99'): string {
  return d.count === 0 ? 'n/a' : `${fmtNumber(d[key])} ms`;
}

/** The error rate; `n/a` when nothing ended (a run interrupted before any response is not 0% errors). */
function errorsText(rate: number, r: RunSummary['requests'], kinds: string): string {
  if (r.completed + r.dropped === 0) return r.sent > 0 ? `n/a (none of ${r.sent} sent completed)` : 'n/a (nothing sent)';
  return `${fmtPctDecimal(rate)}${kinds ? `  (${kinds})` : ''}`;
}

/** `p50 12.3  p90 ...  max 80 ms (n=1000)`, or `no samples`. */
export function formatDistribution(d: Distribution): string {
  if (d.count === 0) return 'no samples';
  const parts = (['min', 'mean', 'p50', 'p90', 'p95', 'p99', 'p999', 'max'] as const).map(
    (k) => `${k === 'p999' ? 'p99.9' : k} ${fmtNumber(d[k])}`,
  );
  return `${parts.join('  ')} ms  (n=${d.count})`;
}

/**
 * The human summary of a run printed by `perf run`: requests, throughput (ok and sent), error rate
 * with kinds and status codes, latency (ok requests; failed ones apart) and service-time
 * percentiles, SSE timings, per-step breakdown, generator health and SLO checks, control characters
 * escaped. Pure: returns lines, never prints.
 */
export function formatSummary(s: RunSummary): string[] {
  const lines: string[] = [];
  const window = s.window.kind === 'steady' ? `steady window ${fmtNumber(s.window.fromS)}-${fmtNumber(s.window.toS)} s` : 'whole run';
  lines.push(`${s.name}  (${s.model}, ${fmtNumber(s.durationS)} s recorded, judged: ${window}, started ${s.startedAt})`);
  if (s.aborted) lines.push(row('ABORTED', s.abortReason ?? 'run stopped early; numbers cover the part that ran'));

  const r = s.requests;
  lines.push(row('requests', `scheduled ${r.scheduled}  sent ${r.sent}  completed ${r.completed}  ok ${r.ok}  failed ${r.failed}  dropped ${r.dropped}`));
  const { targetRps, achievedRps, sentRps } = s.throughput;
  const ratio = targetRps > 0 ? `  (${fmtPctDecimal(achievedRps / targetRps)} of target ${fmtNumber(targetRps)}/s)` : '';
  const sent = sentRps === undefined ? '' : `, sent ${fmtNumber(sentRps)}/s`;
  if (s.arrivals !== undefined && s.arrivals.kind !== 'constant') lines.push(row('arrivals', `${describeArrivals(s.arrivals)}: repeat with --seed ${s.arrivals.seed ?? ''}`.trim()));
  lines.push(row('throughput', `${fmtNumber(achievedRps)}/s ${sentRps === undefined ? 'achieved' : 'ok'}${ratio}${sent}`));
  const kinds = counts(s.errors);
  lines.push(row('errors', errorsText(s.errorRate, r, kinds)));
  const statuses = counts(s.statusCodes);
  if (statuses) lines.push(row('status', statuses));
  const apiCodes = counts(s.apiCodes ?? {});
  if (apiCodes) lines.push(row('api codes', apiCodes));
  const size = s.responseBytes;
  if (size && size.count > 0) lines.push(row('size', `p50 ${fmtBytes(size.p50)}  p95 ${fmtBytes(size.p95)}  max ${fmtBytes(size.max)} per response  (n=${size.count})`));
  lines.push(row('latency', r.ok === 0 && s.latencyMs.count === 0 ? 'n/a (no request succeeded)' : formatDistribution(s.latencyMs)));
  if (s.failedLatencyMs && s.failedLatencyMs.count > 0) lines.push(row('failed', formatDistribution(s.failedLatencyMs)));
  lines.push(row('service', formatDistribution(s.serviceTimeMs)));

  if (s.stream) {
    const st = s.stream;
    lines.push(row('ttfb', formatDistribution(st.ttfbMs)));
    lines.push(row('ttft', formatDistribution(st.ttftMs)));
    if (st.ttfeMs && st.ttfeMs.count > 0) lines.push(row('ttfe', formatDistribution(st.ttfeMs)));
    if (st.echoMs && st.echoMs.count > 0) lines.push(row('echo', formatDistribution(st.echoMs)));
    if (st.ttfaMs && st.ttfaMs.count > 0) lines.push(row('ttfa', formatDistribution(st.ttfaMs)));
    if (st.ttstMs && st.ttstMs.count > 0) lines.push(row('ttst', formatDistribution(st.ttstMs)));
    if (st.tpotMs && st.tpotMs.count > 0) lines.push(row('tpot', formatDistribution(st.tpotMs)));
    lines.push(row('inter-event', formatDistribution(st.interEventMs)));
    if (st.inputTokens && st.inputTokens.count > 0) lines.push(row('input', `p50 ${fmtNumber(st.inputTokens.p50)}  p95 ${fmtNumber(st.inputTokens.p95)}  max ${fmtNumber(st.inputTokens.max)} tokens per prompt (ISL, n=${st.inputTokens.count})`));
    if (st.outputTokens && st.outputTokens.count > 0) {
      const perS = st.outputTokensPerS;
      lines.push(row('output', `p50 ${fmtNumber(st.outputTokens.p50)}  p95 ${fmtNumber(st.outputTokens.p95)} tokens (${tokenSource(st)})  p50 ${fmtNumber(st.outputChars?.p50 ?? 0)} chars  per stream; p50 ${fmtNumber(perS?.p50 ?? 0)} tokens/s per stream, ${fmtNumber(st.totalOutputTokensPerS ?? 0)} tokens/s in all`));
    }
    const total = st.completed + st.aborted;
    lines.push(row('streams', `completed ${st.completed}  aborted ${st.aborted}${total > 0 ? `  (${fmtPctDecimal(st.completed / total)} complete)` : ''}  events ${st.events}`));
    for (const w of st.warnings ?? []) lines.push(row('warning', w));
  }

  if (s.goodput) {
    const b = s.goodput.bounds;
    const within = [b.ttftMs !== undefined ? `ttft<${fmtNumber(b.ttftMs)}` : '', b.tpotMs !== undefined ? `tpot<${fmtNumber(b.tpotMs)}` : '', b.latencyMs !== undefined ? `latency<${fmtNumber(b.latencyMs)}` : ''].filter((t) => t !== '').join(', ');
    lines.push(row('goodput', `${fmtPctDecimal(s.goodput.ratio)} of iterations, ${fmtNumber(s.goodput.rps)}/s  within ${within} ms`));
  }

  const steps = Object.entries(s.steps);
  if (steps.length > 1) {
    lines.push('steps');
    for (const [name, st] of steps) {
      const errs = counts(st.errors);
      lines.push(`  ${name.padEnd(LABEL + 8)}count ${st.count}  ok ${st.ok}  failed ${st.failed}${errs ? ` (${errs})` : ''}  p95 ${ms(st.latencyMs, 'p95')}`);
    }
  }

  if (s.window.kind === 'steady' && s.whole.requests.scheduled !== r.scheduled) {
    const w = s.whole;
    lines.push(row('whole run', `scheduled ${w.requests.scheduled}  ok ${w.requests.ok}  errors ${errorsText(w.errorRate, w.requests, '')}  p95 ${ms(w.latencyMs, 'p95')}  p99 ${ms(w.latencyMs, 'p99')}`));
  }

  const g = s.generator;
  const health = `max event-loop lag ${fmtNumber(g.maxLagMs)} ms, p99 dispatch lag ${fmtNumber(g.p99DispatchLagMs)} ms, late ${g.lateRequests}`;
  lines.push(row('generator', g.valid ? `ok (${health})` : `OVERLOADED, latency numbers are not trustworthy (${health})`));
  for (const note of g.notes) lines.push(`${' '.repeat(LABEL)}${note}`);

  if (s.slo) {
    const failed = s.slo.checks.filter((c) => !c.passed).length;
    lines.push(row('SLO', s.slo.passed ? `PASSED (${s.slo.checks.length} checks)` : `FAILED (${failed} of ${s.slo.checks.length} checks)`));
    for (const line of formatSloResult(s.slo, undefined, { marks: true })) lines.push(`  ${line}`);
  }
  // Names come from results files too (perf merge): a newline or ESC there is shown, never obeyed.
  return lines.map(escapeControlChars);
}

/** Where a run's output tokens came from: the server's `usage`, the tokenizer (its encoding), or both (how many streams each). */
function tokenSource(st: NonNullable<RunSummary['stream']>): string {
  const encoding = st.tokenEncoding ?? 'o200k_base';
  const from = st.outputTokensFrom;
  if (from === undefined || from.usage === 0) return encoding;
  if (from.tokenizer === 0) return 'server usage';
  return `server usage ×${from.usage}, ${encoding} ×${from.tokenizer}`;
}
