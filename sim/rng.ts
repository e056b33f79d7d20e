import { randomBytes } from 'node:crypto';

/** mulberry32: a small fast PRNG; seed 0 picks a random seed. */
export function createRng(seed: number): () => number {
  let a = seed === 0 ? randomBytes(4).readUInt32LE(0) : seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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

/** .NET `DateTime.UtcNow` format with 7 fractional digits: `2025-07-29T03:21:03.8026735Z`. */
export function dotnetDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  const frac = Math.floor((ms % 1000) * 10_000).toString().padStart(7, '0');
  return `${iso.slice(0, 19)}.${frac}Z`;
}

export const MIN_DATE = '0001-01-01T00:00:00Z';
