import { ConfigError } from '../core/errors.ts';
import type { CapacitySearchSettings } from '../capacity/run.ts';
import { MAX_RATE_PER_S } from './run-flags.ts';
import { arrivalsFlags } from './arrivals-flags.ts';
import type { Arrivals } from '../load/arrivals.ts';

/** The `perf capacity` flags as `node:util` parseArgs options. */
export const CAPACITY_FLAGS = {
  url: { type: 'string' },
  start: { type: 'string' },
  step: { type: 'string' },
  max: { type: 'string' },
  'step-duration': { type: 'string' },
  'max-step-duration': { type: 'string' },
  ramp: { type: 'string' },
  settle: { type: 'string' },
  slo: { type: 'string' },
  k: { type: 'string' },
  maximize: { type: 'string' },
  json: { type: 'string' },
  phase: { type: 'string' },
  method: { type: 'string' },
  header: { type: 'string', multiple: true },
  body: { type: 'string' },
  sse: { type: 'boolean' },
  connections: { type: 'string' },
  timeout: { type: 'string' },
  name: { type: 'string' },
  'allow-host': { type: 'string', multiple: true },
  'max-dispatch-lag': { type: 'string' },
  'max-late-ratio': { type: 'string' },
  arrivals: { type: 'string' },
  seed: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  preflight: { type: 'boolean', default: true },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Flags shared with `perf run`, parsed by its parser (same names, same messages). */
export const REQUEST_FLAGS = ['url', 'method', 'header', 'body', 'sse', 'connections', 'timeout', 'name', 'slo', 'allow-host'] as const;

export function numberFlag(flag: string, raw: string | undefined, opts: { min?: number; gt?: number } = {}): number | undefined {
  if (raw === undefined) return undefined;
  const n = raw.trim() === '' ? NaN : Number(raw);
  const okMin = opts.min === undefined || n >= opts.min;
  const okGt = opts.gt === undefined || n > opts.gt;
  if (!Number.isFinite(n) || !okMin || !okGt) {
    const want = opts.gt !== undefined ? `a number above ${opts.gt}` : `a number ≥ ${opts.min}`;
    throw new ConfigError(`--${flag}: expected ${want}, got "${raw}"`);
  }
  return n;
}

/** The search flags as given (rates /s, durations s); unset ones take the search's defaults. */
export interface SearchFlags {
  start?: number;
  step?: number;
  max?: number;
  hold?: number;
  maxHold?: number;
  ramp?: number;
  settle?: number;
  k?: number;
  lag?: number;
  late?: number;
  maximize?: 'rate' | 'goodput';
  arrivals?: Arrivals;
}

/** Parses and checks the search flags; throws `ConfigError` naming the flag. */
export function parseSearchFlags(values: Record<string, unknown>): SearchFlags {
  const search = {
    start: numberFlag('start', values.start as string | undefined, { gt: 0 }),
    step: numberFlag('step', values.step as string | undefined, { gt: 0 }),
    max: numberFlag('max', values.max as string | undefined, { gt: 0 }),
    hold: numberFlag('step-duration', values['step-duration'] as string | undefined, { gt: 0 }),
    maxHold: numberFlag('max-step-duration', values['max-step-duration'] as string | undefined, { gt: 0 }),
    ramp: numberFlag('ramp', values.ramp as string | undefined, { min: 0 }),
    settle: numberFlag('settle', values.settle as string | undefined, { min: 0 }),
    k: numberFlag('k', values.k as string | undefined, { gt: 1 }),
    lag: numberFlag('max-dispatch-lag', values['max-dispatch-lag'] as string | undefined, { gt: 0 }),
    late: numberFlag('max-late-ratio', values['max-late-ratio'] as string | undefined, { min: 0 }),
  };
  const maximize = values.maximize as string | undefined;
  if (maximize !== undefined && maximize !== 'rate' && maximize !== 'goodput') throw new ConfigError(`--maximize: expected rate or goodput, got "${maximize}"`);
  if (search.late !== undefined && search.late > 1) throw new ConfigError(`--max-late-ratio: expected a ratio between 0 and 1, got "${search.late}"`);
  if (search.start !== undefined && search.max !== undefined && search.max < search.start) {
    throw new ConfigError(`--max: ${search.max} is below --start ${search.start}`);
  }
  for (const f of ['start', 'step', 'max'] as const) {
    const v = search[f];
    if (v !== undefined && v > MAX_RATE_PER_S) throw new ConfigError(`--${f}: expected at most ${MAX_RATE_PER_S}/s (the most one generator process sends reliably, docs/PERFORMANCE.md), got "${v}"`);
  }
  const arrivals = arrivalsFlags(values.arrivals as string | undefined, values.seed as string | undefined);
  return { ...search, ...(maximize !== undefined ? { maximize: maximize as 'rate' | 'goodput' } : {}), ...(arrivals !== undefined ? { arrivals } : {}) };
}

/** The search settings of an endpoint whose target is `targetRps`: the flags, else a quarter of the target to start and step, twice it at most. */
export function searchSettings(search: SearchFlags, targetRps: number): CapacitySearchSettings {
  return {
    startRps: search.start ?? Math.max(1, Math.round(targetRps / 4)),
    stepRps: search.step ?? Math.max(1, Math.round(targetRps / 4)),
    maxRps: search.max ?? Math.max(search.start ?? 1, targetRps * 2),
    ...(search.hold !== undefined ? { stepDurationS: search.hold } : {}),
    ...(search.maxHold !== undefined ? { maxStepDurationS: search.maxHold } : {}),
    ...(search.ramp !== undefined ? { rampS: search.ramp } : {}),
    ...(search.settle !== undefined ? { settleS: search.settle } : {}),
    ...(search.k !== undefined ? { k: search.k } : {}),
    ...(search.lag !== undefined ? { maxDispatchLagMs: search.lag } : {}),
    ...(search.late !== undefined ? { maxLateRatio: search.late } : {}),
    ...(search.maximize !== undefined ? { maximize: search.maximize } : {}),
    ...(search.arrivals !== undefined ? { arrivals: search.arrivals } : {}),
  };
}
