import { ConfigError, type ResourceSampler } from '../src/index.ts';
import type { SuiteConfig } from './config.ts';
import { endpointDef, endpointIds } from './endpoints.ts';
import { resolveEndpoint } from './resolve-endpoint.ts';

/** Pause between the two probe scrapes: CPU is a rate, known from the second. */
const PROBE_GAP_MS = 150;

/** What the samplers give right now: two scrapes each, the keys of their values, their notes and errors. Stops them. */
async function probe(samplers: readonly ResourceSampler[]): Promise<{ keys: Set<string>; details: string[] }> {
  const keys = new Set<string>();
  const details: string[] = [];
  try {
    for (const s of samplers) await s.scrapeNow();
    await new Promise((resolve) => setTimeout(resolve, PROBE_GAP_MS));
    for (const s of samplers) {
      const readings = [await s.scrapeNow(), ...s.readings()];
      for (const r of readings) for (const k of Object.keys(r.values ?? {})) keys.add(k);
      const errors = s.readings().filter((r) => r.error !== undefined);
      if (errors.length === s.readings().length && errors.length > 0) details.push(`every scrape failed: ${errors.at(-1)!.error}`);
      details.push(...s.notes());
    }
  } finally {
    await Promise.all(samplers.map((s) => s.stop()));
  }
  return { keys, details };
}

function sourceName(s: ResourceSampler, env: NodeJS.ProcessEnv): string {
  const where = s.summary().source;
  if (s.name === 'prometheus') return `PERF_PROMETHEUS_URL ${where}`;
  return env.PERF_METRICS_URL?.trim() ? `PERF_METRICS_URL ${where}` : `the simulator's ${where}`;
}

function listIds(ids: readonly string[]): string {
  return ids.length <= 3 ? ids.join(', ') : `${ids.slice(0, 3).join(', ')}, +${ids.length - 3} more`;
}

/**
 * Before any run: scrapes the suite's resource samplers twice and refuses every `resources.*`
 * bound of a resolved endpoint SLO (the definitions' CPU bound, a `PERF_SLO_<ID>`) that the
 * configured source does not give (a `PERF_METRICS_URL` without the CPU counter, a gauge it lacks,
 * a source that does not answer): such a bound could only fail after the load with "no samples".
 * Without samplers the bounds were already skipped (`pruneUnsampled`). Stops the samplers it is given.
 */
export async function checkResourceSeries(o: { config: SuiteConfig; env: NodeJS.ProcessEnv; samplers: ResourceSampler[] }): Promise<void> {
  const needed = new Map<string, string[]>();
  for (const id of endpointIds()) {
    for (const scenario of endpointDef(id).scenarios) {
      for (const key of Object.keys(resolveEndpoint(id, o.config, o.env, scenario).slo.resources ?? {})) {
        const ids = needed.get(key) ?? [];
        if (!ids.includes(id)) ids.push(id);
        needed.set(key, ids);
      }
    }
  }
  if (needed.size === 0 || o.samplers.length === 0) {
    await Promise.all(o.samplers.map((s) => s.stop()));
    return;
  }
  const sources = o.samplers.map((s) => sourceName(s, o.env)).join(' and ');
  const { keys, details } = await probe(o.samplers);
  const missing = [...needed.keys()].filter((k) => !keys.has(k));
  if (missing.length === 0) return;
  const bounds = missing.map((k) => `resources.${k} (SLO of ${listIds(needed.get(k)!)})`).join(', ');
  const why = details.length > 0 ? ` (${[...new Set(details)].join('; ')})` : '';
  throw new ConfigError(
    `${bounds} cannot be measured: ${sources} gave no ${missing.join(', ')}${why}; point PERF_METRICS_URL at the target's metrics (PERF_METRICS_CPU names its CPU counter, PERF_METRICS_GAUGES other gauges) or PERF_PROMETHEUS_QUERIES at the series, or unset them to skip the definitions' resource bounds`,
  );
}
