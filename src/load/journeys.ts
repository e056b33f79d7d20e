import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { z } from 'zod';
import { ConfigError } from '../core/errors.ts';
import type { JourneyMix, Scenario } from './types.ts';

export type { Journey, JourneyMix } from './types.ts';

export const journeyMixSchema = z.strictObject({
  journeys: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        weight: z.number().finite().min(0),
        run: z.custom<Scenario>((v) => typeof v === 'function', { message: 'expected a scenario function' }),
      }),
    )
    .min(1, 'expected at least one journey')
    .refine((js) => js.some((j) => j.weight > 0), 'expected a journey with a weight above 0')
    .refine((js) => new Set(js.map((j) => j.name)).size === js.length, 'expected distinct journey names'),
  seed: z.number().int().optional(),
});

/** Whether `scenario` is a {@link JourneyMix}. */
export function isJourneyMix(scenario: unknown): scenario is JourneyMix {
  return typeof scenario === 'object' && scenario !== null && 'journeys' in scenario;
}

/**
 * Draws an index of `weights` with probability weight / sum, from a PRNG seeded with `seed` (same
 * seed, same sequence): Gatling's `randomSwitch`, Locust's task weights. Usable inside a journey
 * for its own weighted branches.
 */
export function weightedPicker(weights: readonly number[], seed: number): () => number {
  const total = weights.reduce((a, w) => a + (w > 0 ? w : 0), 0);
  if (!(total > 0) || !Number.isFinite(total)) throw new ConfigError(`weights [${weights.join(', ')}]: expected at least one finite weight above 0`);
  const cumulative: number[] = [];
  let acc = 0;
  for (const w of weights) cumulative.push((acc += w > 0 ? w : 0) / total);
  let last = weights.length - 1;
  while (!(weights[last]! > 0)) last--;
  cumulative[last] = 1;
  const g = xoroshiro128plus(seed >>> 0);
  return () => {
    const u = uniformFloat64(g);
    for (let i = 0; i < last; i++) if (u < cumulative[i]! && weights[i]! > 0) return i;
    return last;
  };
}

/** The resolved mix: the journeys and the picker that assigns each arriving user one. */
export interface ResolvedJourneys {
  names: string[];
  weights: number[];
  runs: Scenario[];
  pick: () => number;
}

export function resolveJourneys(mix: JourneyMix): ResolvedJourneys {
  const weights = mix.journeys.map((j) => j.weight);
  return {
    names: mix.journeys.map((j) => j.name),
    weights,
    runs: mix.journeys.map((j) => j.run),
    pick: weightedPicker(weights, mix.seed ?? 1),
  };
}
