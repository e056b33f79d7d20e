import { ConfigError } from '../core/errors.ts';
import { parseSlo } from './schema.ts';
import type { GoodputBounds, LatencyBounds, Slo } from './types.ts';

type Target =
  | { kind: 'latency' | 'ttft' | 'tpot'; stat: keyof LatencyBounds }
  | { kind: 'errorRate' | 'minRateRatio' | 'minStreamCompletion' }
  | { kind: 'resource'; key: string };

const STATS = ['p50', 'p90', 'p95', 'p99', 'max'] as const;

function metricTarget(metric: string): Target | undefined {
  const m = metric.toLowerCase();
  for (const stat of STATS) {
    if (m === stat || m === `latency_${stat}` || m === `latency.${stat}`) return { kind: 'latency', stat };
    if (m === `ttft_${stat}` || m === `ttft.${stat}`) return { kind: 'ttft', stat };
    if (m === `tpot_${stat}` || m === `tpot.${stat}`) return { kind: 'tpot', stat };
  }
  if (m === 'errors' || m === 'error_rate' || m === 'errorrate') return { kind: 'errorRate' };
  if (m === 'rate' || m === 'rate_ratio' || m === 'rateratio') return { kind: 'minRateRatio' };
  if (m === 'completion' || m === 'stream_completion' || m === 'streamcompletion') return { kind: 'minStreamCompletion' };
  const res = /^(?:resources?|res)\.([A-Za-z_][\w-]*)$/.exec(metric);
  if (res?.[1]) return { kind: 'resource', key: res[1] };
  return undefined;
}

const TERM = /^([A-Za-z_][\w.-]*?)\s*(<=|>=|<|>|=)\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*(ms|s|%)?$/i;

const METRICS_HELP =
  'p50|p90|p95|p99|max (latency, ms), ttft_p50..ttft_max (ms), tpot_p50..tpot_max (ms), errors (ratio), rate (achieved/target ratio), completion (SSE ratio), resources.<name>, goodput(ttft<MS,tpot<MS,latency<MS)>RATIO';

/**
 * Parses a compact SLO such as `p95<200,p99<500,errors<0.01,ttft_p95<2000,rate>0.95`.
 * Latency terms take `<` and a value in ms (suffix `ms` or `s` allowed); `errors<` is an upper
 * bound on the error ratio; `rate>` and `completion>` (or `>=`, same meaning: at least) are lower
 * bounds on ratios. Ratios accept a `%` suffix (`errors<1%`). `resources.<name><N` bounds a
 * sampled resource. `goodput(ttft<1000,tpot<50,latency<4000)>0.95` sets per-request goodput bounds
 * (ms, `s` allowed) and the share of iterations that must meet them all (`>RATIO` optional).
 * Throws `ConfigError` naming the bad term.
 */
export function parseSloExpression(text: string, source = 'SLO expression'): Slo {
  const { rest, goodput } = takeGoodput(text, source);
  const terms = rest.split(',').map((t) => t.trim());
  if (goodput !== undefined && terms.every((t) => t === '')) return parseSlo({ goodput }, source);
  if (terms.every((t) => t === '')) throw new ConfigError(`${source}: empty, expected terms like "p95<200,errors<0.01"`);
  const slo: Slo = goodput !== undefined ? { goodput } : {};
  const seen = new Set<string>();
  for (const term of terms) {
    if (term === '') throw new ConfigError(`${source}: empty term in "${text}"`);
    const m = TERM.exec(term);
    if (!m) throw new ConfigError(`${source}: malformed term "${term}", expected <metric><op><number> such as "p95<200"`);
    const [, metric = '', op = '', num = '', unitRaw] = m;
    const target = metricTarget(metric);
    if (!target) throw new ConfigError(`${source}: unknown metric "${metric}" in "${term}"; known: ${METRICS_HELP}`);
    const unit = unitRaw?.toLowerCase();
    let value = Number(num);
    const isLatency = target.kind === 'latency' || target.kind === 'ttft' || target.kind === 'tpot';
    const isLower = target.kind === 'minRateRatio' || target.kind === 'minStreamCompletion';
    if (isLower ? op !== '>' && op !== '>=' : op !== '<') {
      throw new ConfigError(`${source}: "${term}" must use ${isLower ? "'>' or '>=' (at least)" : "'<' (strictly below)"}`);
    }
    if (isLatency) {
      if (unit === '%') throw new ConfigError(`${source}: "${term}" is a latency in ms, '%' does not apply`);
      if (unit === 's') value *= 1000;
    } else if (target.kind === 'resource') {
      if (unit !== undefined) throw new ConfigError(`${source}: "${term}" bounds a sampled resource, write a plain number`);
    } else {
      if (unit === 'ms' || unit === 's') throw new ConfigError(`${source}: "${term}" is a ratio, '${unit}' does not apply`);
      if (unit === '%') value /= 100;
    }
    const key = target.kind === 'resource' ? `resources.${target.key}` : 'stat' in target ? `${target.kind}.${target.stat}` : target.kind;
    if (seen.has(key)) throw new ConfigError(`${source}: "${term}" repeats a bound already given for ${key}`);
    seen.add(key);
    switch (target.kind) {
      case 'latency':
        slo.latencyMs = { ...slo.latencyMs, [target.stat]: value };
        break;
      case 'ttft':
        slo.ttftMs = { ...slo.ttftMs, [target.stat]: value };
        break;
      case 'tpot':
        slo.tpotMs = { ...slo.tpotMs, [target.stat]: value };
        break;
      case 'resource':
        slo.resources = { ...slo.resources, [target.key]: value };
        break;
      default:
        slo[target.kind] = value;
    }
  }
  return parseSlo(slo, source);
}

const GOODPUT = /goodput\s*\(([^)]*)\)\s*(?:(>=|>)\s*([+-]?(?:\d+\.?\d*|\.\d+))\s*(%)?)?/i;
const GOODPUT_TERM = /^(ttft|tpot|latency)\s*<\s*(\d+\.?\d*|\.\d+)\s*(ms|s)?$/i;

/** Cuts the `goodput(...)>R` term out of an expression and parses its bounds. */
function takeGoodput(text: string, source: string): { rest: string; goodput: GoodputBounds | undefined } {
  const m = GOODPUT.exec(text);
  if (!m) {
    if (/goodput/i.test(text)) throw new ConfigError(`${source}: malformed goodput term in "${text}", expected e.g. "goodput(ttft<1000,tpot<50)>0.95"`);
    return { rest: text, goodput: undefined };
  }
  const before = text.slice(0, m.index).replace(/,\s*$/, '');
  const after = text.slice(m.index + m[0].length).replace(/^\s*,/, '');
  const rest = before.trim() !== '' && after.trim() !== '' ? `${before},${after}` : before + after;
  if (/goodput/i.test(rest)) throw new ConfigError(`${source}: goodput is given twice in "${text}"`);
  const goodput: GoodputBounds = {};
  for (const raw of (m[1] ?? '').split(',')) {
    const term = raw.trim();
    const g = GOODPUT_TERM.exec(term);
    if (!g) throw new ConfigError(`${source}: goodput bound "${term}" is not ttft<MS, tpot<MS or latency<MS (e.g. "goodput(ttft<1000,tpot<50)>0.95")`);
    const key = `${g[1]!.toLowerCase()}Ms` as 'ttftMs' | 'tpotMs' | 'latencyMs';
    if (goodput[key] !== undefined) throw new ConfigError(`${source}: goodput bound "${term}" repeats ${g[1]}`);
    goodput[key] = Number(g[2]) * (g[3]?.toLowerCase() === 's' ? 1000 : 1);
  }
  if (m[3] !== undefined) goodput.minRatio = Number(m[3]) / (m[4] === '%' ? 100 : 1);
  return { rest, goodput };
}
