import { ConfigError } from '../core/errors.ts';
import { unmeasurableBounds } from '../slo/measurable.ts';
import type { Slo } from '../slo/types.ts';

/**
 * Refuses `--slo` bounds `perf run` cannot measure, before any request: stream bounds without
 * `--sse`, and any `resources.*` bound (perf run samples no target resources). They could only fail
 * after the load as "insufficient samples" or "no samples". Throws `ConfigError` naming `--slo`.
 */
export function assertRunSloMeasurable(slo: Slo, sse: boolean): void {
  const streams = unmeasurableBounds(slo, { sse });
  if (streams.length > 0) {
    throw new ConfigError(
      `--slo: ${streams.join(', ')} cannot be measured without --sse (TTFT, TPOT and stream completion are measured on SSE streams); add --sse or drop ${streams.length > 1 ? 'them' : 'it'}`,
    );
  }
  const resources = unmeasurableBounds(slo, { sse: true, resourceKeys: new Set() });
  if (resources.length > 0) {
    throw new ConfigError(
      `--slo: ${resources.join(', ')} cannot be measured: perf run samples no target resources; drop ${resources.length > 1 ? 'them' : 'it'} (pnpm perf capacity --url and the suite sample PERF_METRICS_URL or PERF_PROMETHEUS_URL)`,
    );
  }
}
