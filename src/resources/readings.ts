/** One scrape of a resource source: values, or a gap with the reason. */
export interface ResourceReading {
  /** Epoch ms when the scrape completed. */
  atMs: number;
  values?: Record<string, number>;
  /** Why this scrape is a gap. */
  error?: string;
}

/** Digest of one resource key over a run. `max` is the peak. */
export interface ResourceStat {
  start: number;
  end: number;
  min: number;
  max: number;
  mean: number;
}

/** What a resource sampler leaves in `summary.extra[sampler.name]`. */
export interface ResourceSummary {
  /** Where the values came from (credentials stripped). */
  source: string;
  /** Scrapes attempted, and how many of them were gaps. */
  scrapes: number;
  gaps: number;
  /** Per key: `cpuPercent` (max, mean), `rssBytes` (start, max = peak, end), ... */
  stats: Record<string, ResourceStat>;
  /** Gaps, missing metrics, counter resets, as sentences. */
  notes: string[];
}

/** Per-key statistics of the readings between `fromMs` and `toMs` (inclusive), gaps skipped. */
export function summarizeReadings(
  readings: readonly ResourceReading[],
  fromMs = -Infinity,
  toMs = Infinity,
): Record<string, ResourceStat> {
  const acc: Record<string, { start: number; end: number; min: number; max: number; sum: number; n: number }> = {};
  for (const r of readings) {
    if (!r.values || r.atMs < fromMs || r.atMs > toMs) continue;
    for (const [key, v] of Object.entries(r.values)) {
      if (!Number.isFinite(v)) continue;
      const a = acc[key];
      if (!a) {
        acc[key] = { start: v, end: v, min: v, max: v, sum: v, n: 1 };
        continue;
      }
      a.end = v;
      a.min = Math.min(a.min, v);
      a.max = Math.max(a.max, v);
      a.sum += v;
      a.n++;
    }
  }
  const out: Record<string, ResourceStat> = {};
  for (const [key, a] of Object.entries(acc)) {
    out[key] = { start: a.start, end: a.end, min: a.min, max: a.max, mean: a.sum / a.n };
  }
  return out;
}

/** A URL safe for notes and reports: no user info, no query string. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    return u.toString();
  } catch {
    return '<invalid url>';
  }
}
