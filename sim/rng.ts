import { randomBytes } from 'node:crypto';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** A seeded PRNG in [0, 1) (pure-rand's xoroshiro128+); seed 0 picks a random seed. */
export function createRng(seed: number): () => number {
  const g = xoroshiro128plus(seed === 0 ? randomBytes(4).readUInt32LE(0) : seed >>> 0);
  return () => uniformFloat64(g);
}

/** A random v4-shaped GUID in lowercase, as .NET prints it. */
export function guid(rand: () => number): string {
  const h = (n: number) => {
    let out = '';
    for (let i = 0; i < n; i++) out += ((rand() * 16) | 0).toString(16);
    return out;
  };
  const variant = (8 + ((rand() * 4) | 0)).toString(16);
  return `${h(8)}-${h(4)}-4${h(3)}-${variant}${h(3)}-${h(12)}`;
}

let ticks = 0;

/**
 * .NET `DateTime.UtcNow` as System.Text.Json writes it (§20): up to 7 fraction digits with
 * trailing zeros trimmed, `2025-07-29T03:21:03.8026735Z`. The clock has ms resolution, so the
 * sub-millisecond ticks come from a counter (real values rarely end in zero).
 */
export function dotnetDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  ticks = (ticks + 7919) % 10_000;
  const frac = (Math.floor(ms % 1000) * 10_000 + ticks).toString().padStart(7, '0').replace(/0+$/, '');
  return frac ? `${iso.slice(0, 19)}.${frac}Z` : `${iso.slice(0, 19)}Z`;
}

/** A date without a time zone (`DateTimeKind.Unspecified`), e.g. a birth date: `1990-01-31T00:00:00`. */
export function dotnetLocalDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** `DateTime.MinValue`: `0001-01-01T00:00:00` (no zone), as in the zero DTO. */
export const MIN_DATE = '0001-01-01T00:00:00';
