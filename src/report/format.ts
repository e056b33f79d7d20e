import type { ErrorKind } from '../core/outcome.ts';

/** What a cell shows for a statistic with no sample behind it (no ok request, nothing completed). */
export const NO_SAMPLES = 'n/a';

/** Milliseconds for people: `0.8 ms`, `82 ms`, `1.25 s`; `-` when not a number. */
export function fmtMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '-';
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms >= 10_000 ? 1 : 2)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  if (ms >= 10) return `${ms.toFixed(1).replace(/\.0$/, '')} ms`;
  return `${ms.toFixed(2).replace(/\.?0+$/, '')} ms`;
}

/** A measured latency that may have no sample (a capacity step with no ok request: NaN, `null` in JSON): `n/a` then. */
export function fmtSampledMs(ms: number | null | undefined): string {
  return ms === null || ms === undefined || !Number.isFinite(ms) ? NO_SAMPLES : fmtMs(ms);
}

/** Compact number for messages: one decimal from 10 up, three significant digits below; `n/a` for NaN. */
export function fmtNumber(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? NO_SAMPLES : String(v);
  const rounded = Math.abs(v) >= 10 ? Math.round(v * 10) / 10 : Number(v.toPrecision(3));
  return String(rounded);
}

/** A rate in requests per second, at most one decimal. */
export function fmtRps(rps: number | null | undefined): string {
  if (rps === null || rps === undefined || !Number.isFinite(rps)) return '-';
  return rps >= 100 || Number.isInteger(rps) ? String(Math.round(rps)) : rps.toFixed(1);
}

/** A ratio as a percentage: `0%`, `0.04%`, `12.5%`. */
export function fmtPct(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '-';
  const pct = ratio * 100;
  if (pct === 0) return '0%';
  if (pct < 0.01) return '<0.01%';
  if (pct < 1) return `${pct.toFixed(2)}%`;
  return `${pct.toFixed(1).replace(/\.0$/, '')}%`;
}

/** A rate as a sentence says it, at most one decimal and its unit: `12.5/s`, `100/s`. */
export function fmtPerS(rps: number): string {
  return `${Number(rps.toFixed(1))}/s`;
}

/** A ratio as a percentage that keeps a decimal (the `perf run` summary): `0.0%`, `0.52%`, `1.2%`, `99.0%`; `n/a` when not a number. */
export function fmtPctDecimal(ratio: number): string {
  if (!Number.isFinite(ratio)) return NO_SAMPLES;
  const p = ratio * 100;
  return `${p === 0 || p >= 10 ? p.toFixed(1) : p.toPrecision(2)}%`;
}

/** A change of a ratio in percentage points, two decimals: `+1.25 pp`, `-0.50 pp` (`signed` false: no `+`). */
export function fmtPp(change: number, signed = true): string {
  return `${signed && change >= 0 ? '+' : ''}${(change * 100).toFixed(2)} pp`;
}

const MIB = 1024 * 1024;

/** Memory in MiB, whole by default: `190 MiB`, `12.5 MiB` with one decimal. */
export function fmtMiB(bytes: number, decimals = 0): string {
  return decimals === 0 ? `${Math.round(bytes / MIB)} MiB` : `${(bytes / MIB).toFixed(decimals)} MiB`;
}

/** Bytes for people: `512 B`, `210 MB`. */
export function fmtBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '-';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? Math.round(v) : v.toFixed(v >= 100 ? 0 : 1)} ${units[i]}`;
}

/** The short name people use for an error kind: `524`, `5xx`, `timeout`. */
export function kindLabel(kind: string): string {
  const m = /^http_(\d{3}|4xx|5xx)$/.exec(kind);
  if (m) return m[1]!;
  if (kind === 'http_other') return 'HTTP other';
  return kind.replace(/_/g, ' ');
}

/** Main error kinds, largest first: `524 ×312, timeout ×4`. */
export function fmtErrorKinds(errors: Partial<Record<ErrorKind | string, number>>, max = 3): string {
  const entries = Object.entries(errors)
    .filter(([, n]) => (n ?? 0) > 0)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0));
  const shown = entries.slice(0, max).map(([k, n]) => `${kindLabel(k)} ×${n}`);
  if (entries.length > max) shown.push(`+${entries.length - max}`);
  return shown.join(', ');
}

/** Application error codes, largest first: `code 50000 ×12, code -1 ×3`. */
export function fmtApiCodes(codes: Record<string, number> | undefined, max = 3): string {
  const entries = Object.entries(codes ?? {})
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  const shown = entries.slice(0, max).map(([k, n]) => `code ${k} ×${n}`);
  if (entries.length > max) shown.push(`+${entries.length - max}`);
  return shown.join(', ');
}
