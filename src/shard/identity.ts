import { createHash } from 'node:crypto';
import { ConfigError } from '../core/errors.ts';
import type { ShardSpec } from './types.ts';

/** JSON with object keys sorted, so equal values give equal text whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}

/** A short hash (16 hex digits of SHA-256) of a schedule description. */
export function scheduleId(description: unknown): string {
  return createHash('sha256').update(canonicalJson(description)).digest('hex').slice(0, 16);
}

/** Parses `i/N` (0-based index, 1 <= N <= 1000). Throws `ConfigError` naming `label`. */
export function parseShard(text: string, label: string): ShardSpec {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !(count >= 1 && count <= 1000) || !(index < count)) {
    throw new ConfigError(`${label}: expected i/N with 0 <= i < N <= 1000 (0-based shard index over the shard count), got "${text}"`);
  }
  return { index, count };
}

/**
 * Parses a start instant: an ISO time (`2026-12-01T22:30:00Z`) or epoch milliseconds. Returns
 * epoch ms. Throws `ConfigError` naming `label`.
 */
export function parseStartAt(text: string, label: string): number {
  const t = text.trim();
  const ms = /^\d+$/.test(t) ? Number(t) : /^\d{4}-\d\d-\d\dT/.test(t) ? Date.parse(t) : NaN;
  if (!Number.isFinite(ms)) {
    throw new ConfigError(`${label}: expected an ISO time (e.g. 2026-12-01T22:30:00Z) or epoch milliseconds, got "${text}"`);
  }
  return ms;
}
