import { ConfigError } from '../core/errors.ts';
import { parseSlo } from './schema.ts';
import type { LatencyBounds, Slo } from './types.ts';

type Target =
  | { kind: 'latency' | 'ttft'; stat: keyof LatencyBounds }
  | { kind: 'errorRate' | 'minRateRatio' | 'minStreamCompletion' }
  | { kind: 'resource'; key: string };

const STATS = ['p50', 'p90', 'p95', 'p99', 'max'] as const;

function metricTarget(metric: string): Target | undefined {
  const m = metric.toLowerCase();
  for (const stat of STATS) {
    if (m === stat || m === `latency_${stat}` || m === `latency.${stat}`) return { kind: 'latency', stat };
    if (m === `ttft_${stat}` || m === `ttft.${stat}`) return { kind: 'ttft', stat };
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
  'p50|p90|p95|p99|max (latency, ms), ttft_p50..ttft_max (ms), errors (ratio), rate (achieved/target ratio), completion (SSE ratio), resources.<name>';

/**
 * Parses a compact SLO such as `p95<200,p99<500,errors<0.01,ttft_p95<2000,rate>0.95`.
 * Latency terms take `<` and a value in ms (suffix `ms` or `s` allowed); `errors<` is an upper
 * bound on the error ratio; `rate>` and `completion>` (or `>=`, same meaning: at least) are lower
 * bounds on ratios. Ratios accept a `%` suffix (`errors<1%`). `resources.<name><N` bounds a
 * sampled resource. Throws `ConfigError` naming the bad term.
 */
export function parseSloExpression(text: string, source = 'SLO expression'): Slo {
  const terms = text.split(',').map((t) => t.trim());
  if (terms.every((t) => t === '')) throw new ConfigError(`${source}: empty, expected terms like "p95<200,errors<0.01"`);
  const slo: Slo = {};
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
    const isLatency = target.kind === 'latency' || target.kind === 'ttft';
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
      case 'resource':
        slo.resources = { ...slo.resources, [target.key]: value };
        break;
      default:
        slo[target.kind] = value;
    }
  }
  return parseSlo(slo, source);
}
