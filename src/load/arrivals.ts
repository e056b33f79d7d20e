import { randomBytes } from 'node:crypto';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { z } from 'zod';
import { ConfigError } from '../core/errors.ts';

/**
 * How the iterations of an open model arrive: `constant` at even spacing; `poisson` with
 * exponential gaps; `gamma` with gamma gaps of shape `burstiness` (vLLM's `--burstiness`: 1 is
 * Poisson, below 1 burstier, above 1 more even). Random arrivals draw from a PRNG seeded with
 * `seed` (same seed, same arrivals).
 */
export type Arrivals =
  | { kind: 'constant' }
  | { kind: 'poisson'; seed?: number }
  | { kind: 'gamma'; burstiness: number; seed?: number };

/** Smallest and largest gamma burstiness accepted. */
export const MIN_BURSTINESS = 0.01;
export const MAX_BURSTINESS = 100;
/** Largest seed: an unsigned 32-bit integer. */
export const MAX_SEED = 0xffff_ffff;

const seedSchema = z.number().int().min(0).max(MAX_SEED);

/** Zod schema of {@link Arrivals}. */
export const arrivalsSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('constant') }),
  z.strictObject({ kind: z.literal('poisson'), seed: seedSchema.optional() }),
  z.strictObject({ kind: z.literal('gamma'), burstiness: z.number().finite().min(MIN_BURSTINESS).max(MAX_BURSTINESS), seed: seedSchema.optional() }),
]);

/** What a summary says of its arrivals (`summary.arrivals`): the process, and the seed random arrivals drew from. */
export interface ArrivalsSummary {
  kind: 'constant' | 'poisson' | 'gamma';
  burstiness?: number;
  seed?: number;
}

/**
 * Parses `constant`, `poisson` or `gamma:<burstiness>` (errors name `option`, e.g. `--arrivals`
 * or `PERF_ARRIVALS`). `gamma:1` is Poisson.
 */
export function parseArrivals(text: string, option: string): Arrivals {
  const t = text.trim().toLowerCase();
  if (t === 'constant') return { kind: 'constant' };
  if (t === 'poisson') return { kind: 'poisson' };
  const m = /^gamma:(.*)$/.exec(t);
  if (m) {
    const b = m[1]!.trim() === '' ? NaN : Number(m[1]);
    if (Number.isFinite(b) && b >= MIN_BURSTINESS && b <= MAX_BURSTINESS) return { kind: 'gamma', burstiness: b };
    throw new ConfigError(`${option}: gamma's burstiness must be a number from ${MIN_BURSTINESS} to ${MAX_BURSTINESS} (1 is Poisson, below 1 burstier), got "${text.trim().slice(0, 40)}"`);
  }
  throw new ConfigError(`${option}: expected constant, poisson or gamma:<burstiness> (e.g. gamma:0.5), got "${text.trim().slice(0, 40)}"`);
}

/** Parses a seed, an integer from 0 to 2^32-1; errors name `option`. */
export function parseSeed(text: string, option: string): number {
  const t = text.trim();
  const n = /^\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isSafeInteger(n) || n > MAX_SEED) throw new ConfigError(`${option}: expected an integer from 0 to ${MAX_SEED}, got "${t.slice(0, 40)}"`);
  return n;
}

/** `arrivals` with its seed filled in (a random one when none was given) so that every worker draws the same. */
export function withSeed(a: Arrivals): Arrivals {
  if (a.kind === 'constant' || a.seed !== undefined) return a;
  return { ...a, seed: randomBytes(4).readUInt32LE(0) };
}

/** The summary's `arrivals`. */
export function arrivalsSummary(a: Arrivals): ArrivalsSummary {
  if (a.kind === 'constant') return { kind: 'constant' };
  const out: ArrivalsSummary = a.kind === 'gamma' ? { kind: 'gamma', burstiness: a.burstiness } : { kind: 'poisson' };
  if (a.seed !== undefined) out.seed = a.seed;
  return out;
}

/** `constant`, `poisson (seed 7)`, `gamma, burstiness 0.5 (seed 7)`: for reports. */
export function describeArrivals(a: ArrivalsSummary): string {
  const seed = a.seed === undefined ? '' : ` (seed ${a.seed})`;
  if (a.kind === 'constant') return 'constant';
  return a.kind === 'poisson' ? `poisson${seed}` : `gamma, burstiness ${a.burstiness}${seed}`;
}

/** The start instants of an open model's iterations, seconds from the schedule start (Infinity past the last). */
export interface ArrivalTimes {
  readonly total: number;
  instantS(k: number): number;
}

/** What random arrivals need of a rate schedule (`RateSchedule`): its count, its load, and time as a function of load. */
export interface LoadSchedule {
  readonly total: number;
  readonly load: number;
  atLoadS(u: number): number;
}

/** Arrivals drawn per block: the gaps of a block are scaled to the block's share of the schedule. */
export const ARRIVAL_BLOCK = 1 << 20;

/** A gamma(shape, 1) variate (Marsaglia–Tsang; shape < 1 by the boost U^(1/shape)). */
function gammaSampler(shape: number, rand: () => number): () => number {
  if (shape === 1) return () => -Math.log(1 - rand());
  const a = shape < 1 ? shape + 1 : shape;
  const d = a - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  return () => {
    let g: number;
    for (;;) {
      const x = normal();
      const v0 = 1 + c * x;
      if (v0 <= 0) continue;
      const v = v0 * v0 * v0;
      const u = rand();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
        g = d * v;
        break;
      }
    }
    return shape < 1 ? g * Math.pow(1 - rand(), 1 / shape) : g;
  };
}

/**
 * Random arrivals over a {@link LoadSchedule} (a `RateSchedule`), drawn in the schedule's load (the integral of
 * the rate), then mapped to time through it: a ramp gets an inhomogeneous process whose gaps
 * follow the current rate. The run sends the schedule's count: the gaps of each block of up to
 * {@link ARRIVAL_BLOCK} arrivals are scaled so that the block spans its share of the load
 * exactly (a gamma renewal process conditioned on its count; for Poisson, arrivals uniform over
 * the span, per-second counts of variance mean × (1 − 1/T) over T seconds).
 */
export class RandomArrivals implements ArrivalTimes {
  readonly total: number;
  private readonly load: number;
  private rand!: () => number;
  private gap!: () => number;
  private block = -1;
  private readonly at: Float64Array;

  constructor(
    private readonly schedule: LoadSchedule,
    private readonly shape: number,
    private readonly seed: number,
  ) {
    this.total = schedule.total;
    this.load = schedule.load;
    this.at = new Float64Array(Math.min(ARRIVAL_BLOCK, Math.max(1, this.total)));
    this.reset();
  }

  private reset(): void {
    const g = xoroshiro128plus(this.seed >>> 0);
    this.rand = () => uniformFloat64(g);
    this.gap = gammaSampler(this.shape, this.rand);
    this.block = -1;
  }

  /** Draws block `b` (blocks are drawn in order; an earlier one restarts from the seed). */
  private draw(b: number): void {
    if (b < this.block) this.reset();
    while (this.block < b) {
      this.block++;
      const first = this.block * ARRIVAL_BLOCK;
      const n = Math.min(ARRIVAL_BLOCK, this.total - first);
      const span = this.block === Math.floor((this.total - 1) / ARRIVAL_BLOCK) ? this.load - first : n;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        sum += this.gap();
        this.at[i] = sum;
      }
      sum += this.gap();
      const scale = span / sum;
      for (let i = 0; i < n; i++) this.at[i] = first + this.at[i]! * scale;
    }
  }

  instantS(k: number): number {
    if (k >= this.total || k < 0) return Infinity;
    const b = Math.floor(k / ARRIVAL_BLOCK);
    if (b !== this.block) this.draw(b);
    return this.schedule.atLoadS(this.at[k - b * ARRIVAL_BLOCK]!);
  }
}

/** The arrival instants of `schedule` under `arrivals` (constant: the schedule itself). */
export function arrivalTimes(schedule: LoadSchedule & ArrivalTimes, arrivals: Arrivals): ArrivalTimes {
  if (arrivals.kind === 'constant') return schedule;
  const shape = arrivals.kind === 'gamma' ? arrivals.burstiness : 1;
  return new RandomArrivals(schedule, shape, arrivals.seed ?? 0);
}
