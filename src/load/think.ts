import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { ConfigError } from '../core/errors.ts';

/**
 * A pause a flow takes between two steps (`ctx.sleep(ms)`): never part of a measured latency, and
 * it does not move the open model's schedule (iterations still start on time).
 */
export type ThinkTime =
  | { kind: 'fixed'; ms: number }
  | { kind: 'uniform'; minMs: number; maxMs: number }
  /** Exponential with mean `meanMs`, cut at 10× the mean so one draw cannot outlast a run. */
  | { kind: 'exponential'; meanMs: number };

/** No pause. */
export const NO_THINK: ThinkTime = { kind: 'fixed', ms: 0 };

/** Longest think time accepted, milliseconds (10 minutes). */
export const MAX_THINK_MS = 600_000;

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s)?$/;

function durationMs(text: string, option: string, whole: string): number {
  const m = DURATION.exec(text.trim());
  if (!m) throw new ConfigError(`${option}: "${text.trim()}" is not a duration in "${whole}" (write 2s, 500ms, uniform(1s,3s) or exp(2s))`);
  const ms = Number(m[1]) * (m[2] === 'ms' ? 1 : 1000);
  if (ms > MAX_THINK_MS) throw new ConfigError(`${option}: ${text.trim()} is longer than the ${MAX_THINK_MS / 1000} s a think time may last`);
  return ms;
}

/**
 * Parses a think time: `2s`, `500ms`, `0` (a bare number is seconds), `uniform(1s,3s)`,
 * `exp(2s)` (exponential of that mean). Errors name `option`.
 */
export function parseThinkTime(text: string, option: string): ThinkTime {
  const whole = text.trim();
  const fn = /^(uniform|exp|exponential)\s*\((.*)\)$/i.exec(whole);
  if (!fn) return { kind: 'fixed', ms: durationMs(whole, option, whole) };
  const args = fn[2]!.split(',');
  if (fn[1]!.toLowerCase() === 'uniform') {
    if (args.length !== 2) throw new ConfigError(`${option}: uniform takes two durations, uniform(min,max), got "${whole}"`);
    const [minMs, maxMs] = args.map((a) => durationMs(a, option, whole)) as [number, number];
    if (minMs > maxMs) throw new ConfigError(`${option}: uniform(${args[0]!.trim()},${args[1]!.trim()}) has its minimum above its maximum`);
    return { kind: 'uniform', minMs, maxMs };
  }
  if (args.length !== 1) throw new ConfigError(`${option}: exp takes one duration, its mean, exp(2s), got "${whole}"`);
  return { kind: 'exponential', meanMs: durationMs(args[0]!, option, whole) };
}

/** `2 s`, `uniform 1–3 s`, `exponential, mean 2 s`: for reports and docs. */
export function describeThinkTime(t: ThinkTime): string {
  const s = (ms: number) => `${Math.round(ms) / 1000} s`;
  if (t.kind === 'fixed') return t.ms === 0 ? 'none' : s(t.ms);
  if (t.kind === 'uniform') return `uniform ${s(t.minMs)}–${s(t.maxMs)}`;
  return `exponential, mean ${s(t.meanMs)}`;
}

/** A seeded PRNG (pure-rand's xoroshiro128+), uniform in [0, 1). */
function seededUniform(seed: number): () => number {
  const g = xoroshiro128plus(seed >>> 0);
  return () => uniformFloat64(g);
}

/** A seed from a name (FNV-1a), so one endpoint draws the same pauses run after run. */
export function seedOf(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Draws think times of `t`, milliseconds, from a PRNG seeded with `seed` (same seed, same sequence). */
export function thinkSampler(t: ThinkTime, seed: number): () => number {
  if (t.kind === 'fixed') return () => t.ms;
  const rand = seededUniform(seed);
  if (t.kind === 'uniform') return () => t.minMs + rand() * (t.maxMs - t.minMs);
  const cap = 10 * t.meanMs;
  return () => Math.min(cap, -t.meanMs * Math.log(1 - rand()));
}
