/** One series of a Prometheus text exposition. */
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A metric name with optional label equalities: `node_cpu_seconds_total{mode="idle"}`. */
export interface PromSelector {
  name: string;
  labels: Record<string, string>;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;

function parseLabels(src: string, start: number): { labels: Record<string, string>; end: number } | undefined {
  const labels: Record<string, string> = {};
  let i = start;
  const skipSpace = (): void => {
    while (src[i] === ' ' || src[i] === '\t') i++;
  };
  for (;;) {
    skipSpace();
    if (src[i] === '}') return { labels, end: i + 1 };
    const m = NAME.exec(src.slice(i));
    if (!m) return undefined;
    const key = m[0];
    i += key.length;
    skipSpace();
    if (src[i] !== '=') return undefined;
    i++;
    skipSpace();
    if (src[i] !== '"') return undefined;
    i++;
    let value = '';
    for (;;) {
      const c = src[i];
      if (c === undefined) return undefined;
      if (c === '"') break;
      if (c === '\\') {
        const next = src[i + 1];
        value += next === 'n' ? '\n' : (next ?? '');
        i += 2;
        continue;
      }
      value += c;
      i++;
    }
    i++;
    labels[key] = value;
    skipSpace();
    if (src[i] === ',') i++;
  }
}

function parseValue(raw: string): number {
  if (raw === '+Inf') return Infinity;
  if (raw === '-Inf') return -Infinity;
  if (raw === 'NaN') return NaN;
  return Number(raw);
}

/**
 * Parses the Prometheus text format (0.0.4, also the OpenMetrics subset it shares). Comments,
 * blank lines and malformed lines are skipped; it never throws.
 */
export function parsePrometheusText(text: string): PromSample[] {
  const out: PromSample[] = [];
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = NAME.exec(line);
    if (!m) continue;
    const name = m[0];
    let i = name.length;
    let labels: Record<string, string> = {};
    if (line[i] === '{') {
      const parsed = parseLabels(line, i + 1);
      if (!parsed) continue;
      labels = parsed.labels;
      i = parsed.end;
    }
    const rest = line.slice(i).trim().split(/\s+/);
    const value = parseValue(rest[0] ?? '');
    if (rest[0] === undefined || rest[0] === '' || (Number.isNaN(value) && rest[0] !== 'NaN')) continue;
    out.push({ name, labels, value });
  }
  return out;
}

/** Parses `name` or `name{label="value",...}`; undefined when malformed. */
export function parseSelector(src: string): PromSelector | undefined {
  const s = src.trim();
  const m = NAME.exec(s);
  if (!m) return undefined;
  const name = m[0];
  if (s.length === name.length) return { name, labels: {} };
  if (s[name.length] !== '{') return undefined;
  const parsed = parseLabels(s, name.length + 1);
  if (!parsed || parsed.end !== s.length) return undefined;
  return { name, labels: parsed.labels };
}

/** Series matching a selector (same name, every selector label equal). */
export function matchSeries(samples: readonly PromSample[], selector: PromSelector): PromSample[] {
  return samples.filter(
    (s) =>
      s.name === selector.name &&
      Object.entries(selector.labels).every(([k, v]) => s.labels[k] === v),
  );
}

/** Sum of the matching series, undefined when none matches. */
export function sumSeries(samples: readonly PromSample[], selector: PromSelector): number | undefined {
  const matched = matchSeries(samples, selector);
  if (matched.length === 0) return undefined;
  return matched.reduce((acc, s) => acc + s.value, 0);
}

export function formatSelector(selector: PromSelector): string {
  const labels = Object.entries(selector.labels).map(([k, v]) => `${k}="${v}"`);
  return labels.length === 0 ? selector.name : `${selector.name}{${labels.join(',')}}`;
}
