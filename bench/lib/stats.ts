/** Median of finite values; NaN when there are none. */
export function median(values: readonly number[]): number {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const mid = v.length >> 1;
  return v.length % 2 === 1 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

/** Population standard deviation; NaN when empty. */
export function stddev(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
}

export function round(v: number, digits = 3): number {
  if (!Number.isFinite(v)) return v;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** Min, median and max of a series of repetitions, for "median (min-max)" cells. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  values: number[];
}

export function spread(values: readonly number[], digits = 3): Spread {
  const v = values.filter(Number.isFinite);
  return {
    median: round(median(v), digits),
    min: round(v.length ? Math.min(...v) : Number.NaN, digits),
    max: round(v.length ? Math.max(...v) : Number.NaN, digits),
    values: values.map((x) => round(x, digits)),
  };
}
