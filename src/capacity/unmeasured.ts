import { fmtNumber } from '../report/format.ts';
import type { Lang } from '../report/messages.ts';
import type { Distribution, RunSummary } from '../result/types.ts';
import { MIN_SAMPLES } from '../slo/evaluate.ts';
import type { LatencyBounds, Slo } from '../slo/types.ts';
import { ct } from './messages.ts';

/** Percentiles in increasing order: each is at most the next one of the same samples. */
const ORDER: readonly (keyof LatencyBounds)[] = ['p50', 'p90', 'p95', 'p99', 'max'];

const PREFIXES = { latency: 'latencyMs', ttft: 'ttftMs', tpot: 'tpotMs' } as const;

function distributionOf(summary: RunSummary, prefix: keyof typeof PREFIXES): Distribution | undefined {
  if (prefix === 'latency') return summary.latencyMs;
  return prefix === 'ttft' ? summary.stream?.ttftMs : summary.stream?.tpotMs;
}

/** How a bound that a step had too few samples to measure is decided from what it did measure. */
export type UnmeasuredDecision =
  /** A lower percentile measured with its own samples is already at or above the bound. */
  | { bound: string; outcome: 'fail'; text: string }
  /** The highest sample is under the bound, so every percentile is. */
  | { bound: string; outcome: 'pass' }
  /** Neither: the step cannot be called stable on this bound. */
  | { bound: string; outcome: 'undecided'; text: string };

/**
 * Decides each bound of `skipped` (`latency.p99`, `ttft.p99`...) that a step could not measure
 * (fewer samples than `MIN_SAMPLES`) from the percentiles it did measure: a lower percentile with
 * enough samples at or above the bound fails it (the unmeasured one can only be higher); a max under
 * the bound passes it; anything else leaves it undecided, which the search counts as not stable.
 * A step that got the samples after all (more than planned) is judged on the percentile itself.
 */
export function decideUnmeasured(summary: RunSummary, slo: Slo, skipped: readonly string[], lang: Lang = 'en'): UnmeasuredDecision[] {
  const out: UnmeasuredDecision[] = [];
  for (const bound of skipped) {
    const [prefix, stat] = bound.split('.') as [keyof typeof PREFIXES, keyof LatencyBounds];
    const limit = PREFIXES[prefix] ? slo[PREFIXES[prefix]]?.[stat] : undefined;
    if (limit === undefined) continue;
    const dist = distributionOf(summary, prefix);
    const count = dist?.count ?? 0;
    const need = MIN_SAMPLES[stat];
    if (dist !== undefined && count >= need) {
      // More samples came than the step was planned for: the bound is measured after all.
      if (dist[stat] < limit) out.push({ bound, outcome: 'pass' });
      else out.push({ bound, outcome: 'fail', text: ct(lang, 'cap_f_check', { name: bound, value: `${fmtNumber(dist[stat])} ms`, bound: `< ${fmtNumber(limit)} ms` }) });
      continue;
    }
    const lower = ORDER.slice(0, ORDER.indexOf(stat)).find((s) => s !== 'max' && dist !== undefined && count >= MIN_SAMPLES[s] && dist[s] >= limit);
    if (lower !== undefined) {
      out.push({ bound, outcome: 'fail', text: ct(lang, 'cap_f_unmeasured_lower', { bound, lower: `${prefix}.${lower}`, actual: fmtNumber(dist![lower]), limit: fmtNumber(limit), count, need }) });
    } else if (dist !== undefined && count > 0 && dist.max < limit) {
      out.push({ bound, outcome: 'pass' });
    } else {
      const max = dist !== undefined && count > 0 ? fmtNumber(dist.max) : 'n/a';
      out.push({ bound, outcome: 'undecided', text: ct(lang, 'cap_f_unmeasured_undecided', { bound, limit: fmtNumber(limit), count, need, max }) });
    }
  }
  return out;
}
