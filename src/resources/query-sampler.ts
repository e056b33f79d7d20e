import { z } from 'zod';
import { createPolledSampler, type ResourceSampler } from './poller.ts';
import { safeUrl } from './readings.ts';
import { lazyScrapeAgent, fetchText } from './scrape.ts';
import { parseConfig } from '../core/validate.ts';

export const prometheusQuerySamplerSchema = z.object({
  /** Prometheus server base URL; `/api/v1/query` is appended. */
  url: z.url(),
  /** Sampler name: the key of its summary in `summary.extra`. @default 'prometheus' */
  name: z.string().min(1).default('prometheus'),
  /** Resource key → PromQL instant query, e.g. `{ 'api-cpu': 'rate(process_cpu_seconds_total{job="api"}[30s])*100' }`. */
  queries: z
    .record(z.string().regex(/^[A-Za-z][\w.-]*$/, 'query names are letters, digits, _ . -'), z.string().min(1))
    .refine((q) => Object.keys(q).length > 0, 'at least one query'),
  /** @default 1000 */
  intervalMs: z.number().int().min(50).max(60_000).default(1000),
  /** Per-query timeout. @default 800 */
  timeoutMs: z.number().int().min(10).max(30_000).default(800),
  /** @default 3 */
  maxConsecutiveFailures: z.number().int().min(1).default(3),
});
export type PrometheusQuerySamplerOptions = z.input<typeof prometheusQuerySamplerSchema>;

const sampleValue = z.tuple([z.number(), z.string()]);
const queryResponse = z.object({
  status: z.literal('success'),
  data: z.discriminatedUnion('resultType', [
    z.object({ resultType: z.literal('vector'), result: z.array(z.object({ value: sampleValue })) }),
    z.object({ resultType: z.literal('scalar'), result: sampleValue }),
    z.object({ resultType: z.literal('matrix'), result: z.array(z.unknown()) }),
    z.object({ resultType: z.literal('string'), result: z.unknown() }),
  ]),
});

/** Reads one value out of a query API answer: a scalar, or the sum of a vector's series. */
export function valueOfQueryResponse(text: string): { value: number } | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { error: 'the answer is not JSON' };
  }
  const parsed = queryResponse.safeParse(json);
  if (!parsed.success) return { error: 'unexpected query API answer (expected status success with a vector or scalar)' };
  const data = parsed.data.data;
  if (data.resultType === 'scalar') return { value: Number(data.result[1]) };
  if (data.resultType !== 'vector') return { error: `query returned a ${data.resultType}, expected an instant vector` };
  if (data.result.length === 0) return { error: 'query returned no series' };
  return { value: data.result.reduce((a, s) => a + Number(s.value[1]), 0) };
}

/**
 * Samples one value per PromQL query from a Prometheus server's query API, once per interval.
 * A query that fails or returns nothing leaves its key out of that sample; when every query fails
 * the sample is a gap.
 */
export function createPrometheusQuerySampler(options: PrometheusQuerySamplerOptions): ResourceSampler {
  const o = parseConfig(prometheusQuerySamplerSchema, options, 'Prometheus query sampler options');
  const base = o.url.replace(/\/+$/, '');
  const failingQueries = new Set<string>();
  const extraNotes: string[] = [];
  const agent = lazyScrapeAgent(o.timeoutMs);

  return createPolledSampler({
    name: o.name,
    source: safeUrl(base),
    intervalMs: o.intervalMs,
    maxConsecutiveFailures: o.maxConsecutiveFailures,
    extraNotes: () => extraNotes,
    close: agent.close,
    async scrape() {
      const a = agent.get();
      const entries = Object.entries(o.queries);
      const answers = await Promise.all(
        entries.map(async ([key, query]) => {
          const res = await fetchText(a, `${base}/api/v1/query?query=${encodeURIComponent(query)}`, o.timeoutMs);
          return [key, res.ok ? valueOfQueryResponse(res.text) : { error: res.error }] as const;
        }),
      );
      const values: Record<string, number> = {};
      const errors: string[] = [];
      for (const [key, ans] of answers) {
        if ('value' in ans && Number.isFinite(ans.value)) {
          values[key] = ans.value;
          continue;
        }
        const why = 'error' in ans ? ans.error : 'not a finite number';
        errors.push(`${key}: ${why}`);
        if (!failingQueries.has(key)) {
          failingQueries.add(key);
          extraNotes.push(`${o.name}: query ${key} failed (${why})`);
        }
      }
      if (Object.keys(values).length === 0) return { error: errors.join('; ') };
      return { values };
    },
  });
}
