import type { ErrorKind } from '../core/outcome.ts';
import { EXEMPLARS_KEPT } from '../metrics/exemplars.ts';
import type { Exemplar, Exemplars, PercentileExemplar } from '../result/exemplar-types.ts';
import type { Distribution, RunSummary } from '../result/types.ts';

/**
 * The exemplars of merged shards or workers: the slowest ok requests across all of them, the
 * first failed requests per kind (by when they were due), and per percentile of the merged
 * `latency` the candidate (any run's percentile or slowest exemplar) nearest to it.
 * Undefined when no run kept any.
 */
export function mergeExemplars(runs: readonly RunSummary[], latency: Distribution): Exemplars | undefined {
  const lists = runs.map((r) => r.exemplars).filter((e) => e !== undefined);
  if (lists.length === 0) return undefined;
  const slowest = lists.flatMap((e) => e.slowest).sort((a, b) => b.latencyMs - a.latencyMs).slice(0, EXEMPLARS_KEPT);
  const failed: Partial<Record<ErrorKind, Exemplar[]>> = {};
  for (const e of lists) {
    for (const [kind, list] of Object.entries(e.failed) as [ErrorKind, Exemplar[]][]) (failed[kind] ??= []).push(...list);
  }
  for (const kind of Object.keys(failed) as ErrorKind[]) failed[kind] = failed[kind]!.sort((a, b) => a.atS - b.atS).slice(0, EXEMPLARS_KEPT);
  const candidates: Exemplar[] = [...lists.flatMap((e) => e.percentiles.map(({ percentile: _p, valueMs: _v, ...x }) => x)), ...lists.flatMap((e) => e.slowest)];
  const percentiles: PercentileExemplar[] = [];
  if (latency.count > 0 && candidates.length > 0) {
    for (const p of ['p50', 'p90', 'p95', 'p99', 'p999'] as const) {
      const valueMs = latency[p];
      const best = candidates.reduce((a, b) => (Math.abs(b.latencyMs - valueMs) < Math.abs(a.latencyMs - valueMs) ? b : a));
      percentiles.push({ percentile: p, valueMs, ...best });
    }
  }
  return { slowest, failed, percentiles };
}
