import { compareRuns, DEFAULT_THRESHOLDS, type Comparable, type CompareThresholds, type MetricDiff } from './compare.ts';
import { fmtMs, fmtPct, fmtPp } from './format.ts';
import { headline, type HeadlineMetrics } from './suite-report.ts';
import type { Distribution, RunSummary } from '../result/types.ts';
import type { Slo } from '../slo/types.ts';

/** The measures model-check compares: time to first token, time per output token, end-to-end latency. */
export const MODEL_CHECK_METRICS = ['ttft', 'tpot', 'latency'] as const;
export type ModelCheckMetric = (typeof MODEL_CHECK_METRICS)[number];

/**
 * "Degrades severely" means, for one endpoint, any of: a p95 (TTFT, TPOT or end-to-end) more than
 * `factor` times the mocked model's **and** above the endpoint's SLO bound of that p95 (without a
 * bound, the factor alone decides); or an error rate above the SLO's error bound and more than
 * `errorRisePp` points above the mocked model's.
 */
export interface ModelCheckCriteria {
  /** @default 2 (the real model's p95 is more than twice the mocked one's) */
  factor: number;
  /** @default 0.01 (one percentage point) */
  errorRisePp: number;
}
export const DEFAULT_MODEL_CHECK_CRITERIA: ModelCheckCriteria = { factor: 2, errorRisePp: 0.01 };

export interface ModelCheckRow {
  metric: ModelCheckMetric | 'errorRate';
  mocked: { p50: number; p95: number } | number | null;
  real: { p50: number; p95: number } | number | null;
  /** p95 real / mocked (errors: real − mocked, absolute). */
  change: number | null;
  /** The SLO bound the p95 (or error rate) is held to, when the endpoint has one. */
  bound?: number;
  severe: boolean;
  why?: string;
}

export interface ModelCheckEndpoint {
  endpoint: string;
  rows: ModelCheckRow[];
  severe: boolean;
  notes: string[];
  /** Why this endpoint has no verdict (`could not measure: model unreachable: ...`): a side had no ok request. */
  unmeasured?: string;
}

export interface ModelCheckResult {
  criteria: ModelCheckCriteria;
  endpoints: ModelCheckEndpoint[];
  /** "degrades severely: yes" when any endpoint does; null (no verdict) when an endpoint could not be measured. */
  degradesSeverely: boolean | null;
  environmentNotes: string[];
}

/** The headline of a model-check that could not measure the real model (its status line and model-check.md). */
export const MODEL_UNREACHABLE = 'could not measure: model unreachable';

function firstError(s: RunSummary): string {
  const [kind, message] = Object.entries(s.errorMessages ?? {})[0] ?? [];
  return kind !== undefined ? ` (${kind}: ${message})` : '';
}

/** Why a pair of runs gives no verdict: a side without any ok request measured nothing. */
function unmeasuredReason(base: RunSummary | undefined, head: RunSummary): string | undefined {
  if (head.requests.ok === 0) {
    return `${MODEL_UNREACHABLE}: none of the ${head.requests.scheduled} requests succeeded with the real model${firstError(head)}`;
  }
  if (base === undefined) return undefined;
  if (base.requests.ok === 0) return `could not measure: none of the ${base.requests.scheduled} requests succeeded with the mocked model${firstError(base)}`;
  return undefined;
}

function unmeasuredEndpoint(id: string, base: RunSummary | undefined, head: RunSummary, slo: Slo, why: string): ModelCheckEndpoint {
  const cell = (d: Distribution | undefined) => (d && d.count > 0 ? { p50: d.p50, p95: d.p95 } : null);
  const rows: ModelCheckRow[] = MODEL_CHECK_METRICS.map((metric) => {
    const bound = SLO_BOUND[metric](slo);
    return { metric, mocked: cell(base && distOf(base, metric)), real: cell(distOf(head, metric)), change: null, ...(bound !== undefined ? { bound } : {}), severe: false, why: 'could not measure' };
  });
  rows.push({
    metric: 'errorRate', mocked: base?.errorRate ?? null, real: head.errorRate, change: base ? head.errorRate - base.errorRate : null,
    bound: slo.errorRate ?? 0.01, severe: false, why: 'could not measure',
  });
  return { endpoint: id, rows, severe: false, notes: [], unmeasured: why };
}

function distOf(s: RunSummary, metric: ModelCheckMetric): Distribution | undefined {
  if (metric === 'latency') return s.latencyMs;
  if (metric === 'ttft') return s.stream?.ttftMs;
  return s.stream?.tpotMs;
}

/** Headline metrics with one measure's percentiles in p50/p95/p99, so `compareRuns` diffs that measure. */
function asHeadline(s: RunSummary, metric: ModelCheckMetric): HeadlineMetrics | undefined {
  const d = distOf(s, metric);
  if (!d || d.count === 0) return undefined;
  return { ...headline(s), p50: d.p50, p95: d.p95, p99: d.p99, samples: d.count };
}

function comparable(source: string, runs: Map<string, RunSummary>, metric: ModelCheckMetric): Comparable {
  return {
    source,
    entries: [...runs].flatMap(([id, s]) => {
      const metrics = asHeadline(s, metric);
      return metrics ? [{ key: id, label: id, metrics }] : [];
    }),
    ...(runs.values().next().value?.environment ? { environment: runs.values().next().value!.environment! } : {}),
  };
}

const SLO_BOUND: Record<ModelCheckMetric, (slo: Slo) => number | undefined> = {
  ttft: (slo) => slo.ttftMs?.p95,
  tpot: (slo) => slo.tpotMs?.p95,
  latency: (slo) => slo.latencyMs?.p95,
};

/**
 * Compares the real model's runs against the mocked model's, per endpoint, with `perf compare`'s
 * machinery (`compareRuns`, factor as the p95 threshold), and judges "degrades severely".
 */
export function judgeModelCheck(
  mocked: Map<string, RunSummary>,
  real: Map<string, RunSummary>,
  slos: Map<string, Slo>,
  criteria: ModelCheckCriteria = DEFAULT_MODEL_CHECK_CRITERIA,
): ModelCheckResult {
  const th: CompareThresholds = { ...DEFAULT_THRESHOLDS, p50: criteria.factor - 1, p95: criteria.factor - 1, p99: criteria.factor - 1, errorRate: criteria.errorRisePp };
  const diffs = new Map<ModelCheckMetric, Map<string, MetricDiff[]>>();
  let environmentNotes: string[] = [];
  for (const metric of MODEL_CHECK_METRICS) {
    const r = compareRuns(comparable('mocked', mocked, metric), comparable('real', real, metric), th);
    diffs.set(metric, new Map(r.diffs.map((d) => [d.key, d.metrics])));
    if (metric === 'latency') environmentNotes = r.environmentNotes.filter((n) => !n.startsWith('simulator profile differs'));
  }
  const endpoints: ModelCheckEndpoint[] = [];
  for (const id of new Set([...mocked.keys(), ...real.keys()])) {
    const head = real.get(id);
    if (!head) continue;
    const base = mocked.get(id);
    const slo = slos.get(id) ?? {};
    const why = unmeasuredReason(base, head);
    if (why !== undefined) {
      endpoints.push(unmeasuredEndpoint(id, base, head, slo, why));
      continue;
    }
    if (!base) continue;
    const rows: ModelCheckRow[] = [];
    const notes: string[] = [];
    for (const metric of MODEL_CHECK_METRICS) {
      const p95 = diffs.get(metric)!.get(id)?.find((m) => m.metric === 'p95');
      const b = distOf(base, metric);
      const h = distOf(head, metric);
      const bound = SLO_BOUND[metric](slo);
      const cell = (d: Distribution | undefined) => (d && d.count > 0 ? { p50: d.p50, p95: d.p95 } : null);
      if (!p95) {
        rows.push({ metric, mocked: cell(b), real: cell(h), change: null, ...(bound !== undefined ? { bound } : {}), severe: false, why: 'not measured on both sides' });
        continue;
      }
      const overFactor = p95.regressed;
      const overBound = bound === undefined || p95.head > bound;
      const severe = overFactor && overBound;
      const ratio = p95.base > 0 ? p95.head / p95.base : null;
      rows.push({
        metric, mocked: cell(b), real: cell(h), change: ratio, ...(bound !== undefined ? { bound } : {}), severe,
        ...(severe ? { why: `p95 ${fmtMs(p95.head)} is ${ratio?.toFixed(1)}× the mocked ${fmtMs(p95.base)}${bound !== undefined ? ` and above the SLO's ${fmtMs(bound)}` : ''}` }
          : p95.notJudged ? { why: `not judged: ${p95.notJudged}` } : {}),
      });
    }
    const errBound = slo.errorRate ?? 0.01;
    const errChange = head.errorRate - base.errorRate;
    const errSevere = head.errorRate > errBound && errChange > criteria.errorRisePp;
    rows.push({
      metric: 'errorRate', mocked: base.errorRate, real: head.errorRate, change: errChange, bound: errBound, severe: errSevere,
      ...(errSevere ? { why: `error rate ${fmtPct(head.errorRate)} is above the SLO's ${fmtPct(errBound)} and ${fmtPp(errChange, false)} above the mocked model's` } : {}),
    });
    if (!base.generator.valid || !head.generator.valid) notes.push('the load generator fell behind in one run: its latency is not comparable');
    endpoints.push({ endpoint: id, rows, severe: rows.some((r) => r.severe), notes });
  }
  const degradesSeverely = endpoints.some((e) => e.unmeasured !== undefined) ? null : endpoints.some((e) => e.severe);
  return { criteria, endpoints, degradesSeverely, environmentNotes };
}

const METRIC_LABEL: Record<ModelCheckRow['metric'], string> = { ttft: 'TTFT', tpot: 'TPOT', latency: 'end-to-end', errorRate: 'errors' };

function cellText(v: ModelCheckRow['mocked']): string {
  if (v === null) return 'n/a';
  if (typeof v === 'number') return fmtPct(v);
  return `${fmtMs(v.p50)} / ${fmtMs(v.p95)}`;
}

function changeText(r: ModelCheckRow): string {
  if (r.change === null) return 'n/a';
  if (r.metric === 'errorRate') return fmtPp(r.change);
  return `${r.change.toFixed(2)}×`;
}

function boundText(r: ModelCheckRow): string {
  if (r.bound === undefined) return '-';
  return r.metric === 'errorRate' ? `< ${fmtPct(r.bound)}` : `p95 < ${fmtMs(r.bound)}`;
}

/** The criteria in one sentence. */
export function criteriaText(c: ModelCheckCriteria): string {
  return `degrades severely when, for an endpoint, a TTFT, TPOT or end-to-end p95 is more than ${c.factor}× the mocked model's and above the endpoint's SLO bound, ` +
    `or the error rate is above the SLO's bound and more than ${(c.errorRisePp * 100).toFixed(0)} pp above the mocked model's`;
}

/** Markdown of a model-check whose real model could not be reached before any load: the reason, no verdict. */
export function modelUnreachableMarkdown(reason: string, o: { rate: number; durationS: number }): string[] {
  return [
    `## Real AI model validation (真实AI模型验证)`,
    '',
    `${o.rate}/s for ${o.durationS} s per endpoint: not run`,
    '',
    `**${MODEL_UNREACHABLE}** (no verdict)`,
    '',
    `- ${reason}`,
  ];
}

/** Markdown: one table (endpoint, measure, mocked and real p50 / p95, change, bound, verdict), the verdict and the criteria. */
export function modelCheckMarkdown(r: ModelCheckResult, o: { mocked: string; real: string; rate: number; durationS: number }): string[] {
  const lines = [
    `## Real AI model validation (真实AI模型验证)`,
    '',
    `Mocked: ${o.mocked} · real: ${o.real} · ${o.rate}/s for ${o.durationS} s per endpoint`,
    '',
    '| endpoint | measure | mocked p50 / p95 | real p50 / p95 | change (p95) | SLO | severe |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const e of r.endpoints) {
    for (const row of e.rows) {
      lines.push(`| ${e.endpoint} | ${METRIC_LABEL[row.metric]} | ${cellText(row.mocked)} | ${cellText(row.real)} | ${changeText(row)} | ${boundText(row)} | ${e.unmeasured !== undefined ? 'n/a' : row.severe ? '**yes**' : 'no'} |`);
    }
  }
  if (r.degradesSeverely === null) {
    const unreachable = r.endpoints.some((e) => e.unmeasured?.startsWith(MODEL_UNREACHABLE));
    lines.push('', `**${unreachable ? MODEL_UNREACHABLE : 'could not measure'}** (no verdict)`, '');
    for (const e of r.endpoints) if (e.unmeasured !== undefined) lines.push(`- ${e.endpoint}: ${e.unmeasured}`);
  } else {
    lines.push('', `**degrades severely: ${r.degradesSeverely ? 'yes' : 'no'}**`, '');
  }
  for (const e of r.endpoints) for (const row of e.rows) if (row.severe && row.why) lines.push(`- ${e.endpoint}: ${METRIC_LABEL[row.metric]} ${row.why}`);
  for (const e of r.endpoints) for (const n of e.notes) lines.push(`- ${e.endpoint}: ${n}`);
  for (const n of r.environmentNotes) lines.push(`- environment: ${n}`);
  lines.push('', `Criteria: ${criteriaText(r.criteria)}. TPOT = (last content chunk − first content chunk) / (output tokens − 1) per stream.`);
  return lines;
}
