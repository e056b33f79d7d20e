import { MAX_TIMEOUT_MS } from '../http/prepare.ts';
import { MAX_RATE_PER_S, MAX_RUN_S, MAX_WARMUP_S } from '../load/options.ts';

/** Highest `--rate` one `perf run` process accepts, per second: the engine's bound (src/load/options.ts). */
export { MAX_RATE_PER_S };

/** Shortest `--duration`, s: the achieved rate counts completions inside the window, and a shorter one measures none. */
export const MIN_DURATION_S = 0.1;

/** Upper bounds of the numeric `perf run` flags, in each flag's own unit. */
export const RUN_FLAG_LIMITS = {
  rate: { max: MAX_RATE_PER_S, unit: '/s', note: 'the most one generator process sends reliably, docs/PERFORMANCE.md' },
  duration: { max: MAX_RUN_S, unit: ' s', note: '7 days' },
  ramp: { max: MAX_RUN_S, unit: ' s', note: '7 days' },
  warmup: { max: MAX_WARMUP_S, unit: ' s', note: '10 minutes' },
  timeout: { max: MAX_TIMEOUT_MS / 1000, unit: ' s', note: '1 hour' },
  connections: { max: 100_000, unit: '', note: undefined },
  'max-in-flight': { max: 1_000_000, unit: '', note: undefined },
  'max-dispatch-lag': { max: 60_000, unit: ' ms', note: '1 minute' },
  workers: { max: 64, unit: '', note: 'generator processes on this machine' },
} as const;
export type LimitedFlag = keyof typeof RUN_FLAG_LIMITS;

/** The `perf run` flags as `node:util` parseArgs options. */
export const RUN_FLAGS = {
  url: { type: 'string' },
  rate: { type: 'string' },
  duration: { type: 'string' },
  ramp: { type: 'string' },
  warmup: { type: 'string' },
  connections: { type: 'string' },
  'max-in-flight': { type: 'string' },
  timeout: { type: 'string' },
  method: { type: 'string' },
  header: { type: 'string', multiple: true },
  body: { type: 'string' },
  sse: { type: 'boolean' },
  'max-event-bytes': { type: 'string' },
  'content-field': { type: 'string' },
  'stream-format': { type: 'string' },
  slo: { type: 'string' },
  'max-dispatch-lag': { type: 'string' },
  'max-late-ratio': { type: 'string' },
  json: { type: 'string' },
  name: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  preflight: { type: 'boolean', default: true },
  'allow-host': { type: 'string', multiple: true },
  shard: { type: 'string' },
  'start-at': { type: 'string' },
  workers: { type: 'string' },
  arrivals: { type: 'string' },
  seed: { type: 'string' },
  trace: { type: 'boolean' },
  'trace-sampled': { type: 'boolean' },
  tracestate: { type: 'string' },
  'prometheus-rw': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;
