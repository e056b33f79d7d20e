import { ConfigError } from '../core/errors.ts';
import { parseArrivals, parseSeed, type Arrivals } from '../load/arrivals.ts';

/** `--arrivals` and `--seed` of `perf run` / `perf capacity`; undefined when neither is given. Throws `ConfigError` naming the flag. */
export function arrivalsFlags(arrivals: string | undefined, seed: string | undefined): Arrivals | undefined {
  const a = arrivals === undefined ? undefined : parseArrivals(arrivals, '--arrivals');
  if (seed === undefined) return a;
  const n = parseSeed(seed, '--seed');
  if (a === undefined || a.kind === 'constant') throw new ConfigError('--seed: applies to random arrivals only, add --arrivals poisson or --arrivals gamma:<burstiness>');
  return { ...a, seed: n };
}
