import { ConfigError } from './errors.ts';

/** One `PERF_*` environment variable: its name and what it sets. */
export interface SettingDef {
  name: string;
  description: string;
  /** Set by the tool itself (workers, reporters), not by users: left out of `.env.example`. @default false */
  internal?: boolean;
}

/** The `PERF_*` variables the engine (CLI, reports, resource sampling) reads. */
export const ENGINE_SETTINGS: readonly SettingDef[] = [
  { name: 'PERF_ENV_FILE', description: 'the .env file to read instead of ./.env' },
  { name: 'PERF_DEBUG', description: '1 prints stack traces with errors' },
  { name: 'PERF_ALLOW_HOSTS', description: 'hosts outside loopback that runs may load' },
  { name: 'PERF_TARGET_BRANCH', description: 'branch of the target under test (recorded in environment)' },
  { name: 'PERF_TARGET_COMMIT', description: 'commit of the target under test (recorded in environment)' },
  { name: 'PERF_RESULTS_DIR', description: 'where results/<run-id>/ folders go' },
  { name: 'PERF_RUN_ID', description: 'run folder name' },
  { name: 'PERF_REPORT_LANG', description: 'en | zh: language of the reports' },
  { name: 'PERF_JUNIT', description: 'JUnit XML file of the perf tests' },
  { name: 'PERF_PROGRESS', description: 'tty | plain | off: live progress' },
  { name: 'PERF_PROGRESS_INTERVAL_S', description: 'seconds between plain progress lines' },
  { name: 'PERF_PROGRESS_TTY', description: 'set by the reporter for its workers', internal: true },
  { name: 'PERF_METRICS_URL', description: 'Prometheus text endpoint of the target' },
  { name: 'PERF_METRICS_PRESET', description: 'process | node_exporter' },
  { name: 'PERF_METRICS_CPU', description: 'CPU seconds counter selector' },
  { name: 'PERF_METRICS_MEMORY', description: 'memory gauge selector' },
  { name: 'PERF_METRICS_HEAP', description: 'V8 heap used selector' },
  { name: 'PERF_METRICS_GAUGES', description: 'extra gauges, key=selector;key=selector' },
  { name: 'PERF_PROMETHEUS_URL', description: 'Prometheus query API' },
  { name: 'PERF_PROMETHEUS_QUERIES', description: 'name=promql;name=promql' },
  { name: 'PERF_SCRAPE_INTERVAL_MS', description: 'resource scrape period' },
  { name: 'PERF_SCRAPE_TIMEOUT_MS', description: 'resource scrape timeout' },
  { name: 'PERF_COOLDOWN_S', description: 'leak check cool-down, seconds' },
  { name: 'PERF_LEAK_MIN_MIB', description: 'leak rule: memory held above this many MiB' },
  { name: 'PERF_LEAK_MAX_RETAINED', description: 'leak rule: share of the growth held' },
  { name: 'PERF_SHARD', description: 'i/N: run shard i of N of one endpoint\'s schedule (needs PERF_START_AT)' },
  { name: 'PERF_START_AT', description: 'ISO time or epoch ms at which every shard starts recording' },
  { name: 'PERF_WORKERS', description: 'generator processes per run on this machine; each builds the scenario itself' },
  { name: 'PERF_TRACE', description: '0 sends no W3C traceparent (default 1: a fresh trace id on every request, logins included)' },
  { name: 'PERF_TRACE_SAMPLED', description: '1 sets the sampled flag of every traceparent' },
  { name: 'PERF_TRACESTATE', description: 'W3C tracestate sent with every request (key=value,...)' },
  { name: 'PERF_TRACE_URL', description: 'link of a trace id in the reports, with {traceId} (e.g. https://grafana.example/explore?traceId={traceId})' },
  { name: 'PERF_PROMETHEUS_RW_URL', description: 'Prometheus remote-write receiver: per-second run metrics streamed while runs go' },
  { name: 'PERF_REPEAT', description: 'runs of each perf scenario, interleaved (A B A B); perf compare judges them together' },
];

/** Edit distance (insertions, deletions, substitutions) between two strings. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** The known name closest to `name` (ignoring `_` and case), when it is close enough to be a typo. */
export function closestName(name: string, known: Iterable<string>): string | undefined {
  const bare = (s: string): string => s.toUpperCase().replace(/_/g, '');
  let best: { name: string; d: number } | undefined;
  for (const k of known) {
    const d = bare(k) === bare(name) ? 0.5 : distance(name.toUpperCase(), k);
    if (!best || d < best.d) best = { name: k, d };
  }
  return best && best.d <= Math.max(2, Math.floor(name.length / 5)) ? best.name : undefined;
}

/**
 * Every variable of `env` starting with `prefix` (in any case) must be one of `known`: a misspelt
 * or lower-case override (`PERF_RATE_USER_IDD`, `perf_rate_user_id`) would otherwise be ignored and
 * the run would pass on the defaults.
 * Throws one `ConfigError` naming each unknown variable, with "did you mean" when one is close.
 */
export function assertKnownSettings(env: NodeJS.ProcessEnv, known: Iterable<string>, prefix = 'PERF_'): void {
  const names = new Set(known);
  const unknown = Object.keys(env).filter((k) => k.toUpperCase().startsWith(prefix) && !names.has(k)).sort();
  if (unknown.length === 0) return;
  const lines = unknown.map((k) => {
    const upper = k.toUpperCase();
    // Names are case-sensitive: `perf_rate_user_id` is silently not `PERF_RATE_USER_ID`.
    const caseOnly = !k.startsWith(prefix);
    const guess = caseOnly && names.has(upper) ? upper : closestName(upper, names);
    return `${k} is not a setting${caseOnly ? ' (names are upper-case)' : ''}${guess ? `; did you mean ${guess}?` : ''}`;
  });
  throw new ConfigError(`${lines.join('; ')} (known settings are listed in .env.example)`);
}
