import { z } from 'zod';
import type { RunSummary } from './types.ts';

const count = z.number().finite().min(0);
const ms = z.number().finite();

const distributionSchema = z.looseObject({
  count,
  min: ms,
  mean: ms,
  p50: ms,
  p90: ms,
  p95: ms,
  p99: ms,
  p999: ms,
  max: ms,
});

const countsSchema = z.looseObject({
  scheduled: count,
  sent: count,
  completed: count,
  ok: count,
  failed: count,
  dropped: count,
});

const tally = z.record(z.string(), count);

const sloResultSchema = z.looseObject({
  passed: z.boolean(),
  checks: z.array(
    z.looseObject({ name: z.string(), bound: z.string(), actual: z.number().nullable(), passed: z.boolean(), reason: z.string().optional() }),
  ),
});

/**
 * Zod schema of a {@link RunSummary} read back from JSON (`perf run --json`, results/<run-id>/runs/*.json).
 * It checks every field a reader relies on (headline metrics, counts, generator health) and lets
 * other fields through, so summaries from newer versions with added fields still load. A number
 * that was NaN when written is `null` in JSON: only fields that may be unmeasurable accept it.
 */
/** `environment` of a run summary and of summary.json. */
export const environmentSchema = z.looseObject({
  target: z.looseObject({ url: z.string().optional(), version: z.string().optional(), branch: z.string().optional(), commit: z.string().optional() }),
  suite: z.looseObject({ commit: z.string().optional(), branch: z.string().optional(), dirty: z.boolean().optional() }),
  generator: z.looseObject({ cpuModel: z.string(), cores: count, memoryBytes: count, os: z.string(), node: z.string() }),
  simulator: z.looseObject({ profile: z.string(), llm: z.string(), config: z.record(z.string(), z.unknown()).optional() }).optional(),
});

export const runSummarySchema = z.looseObject({
  version: z.literal(1),
  name: z.string(),
  startedAt: z.string(),
  durationS: z.number().finite().min(0),
  warmup: z.looseObject({ durationS: z.number().finite().min(0), ratePerS: count, requests: count }).optional(),
  model: z.enum(['arrival-rate', 'concurrency']),
  window: z.looseObject({ kind: z.enum(['steady', 'all']), fromS: z.number(), toS: z.number() }),
  aborted: z.boolean(),
  abortReason: z.string().optional(),
  interrupted: z.literal(true).optional(),
  requests: countsSchema,
  throughput: z.looseObject({ targetRps: count, achievedRps: count, sentRps: count.optional(), windowShiftMs: count.optional() }),
  errorRate: z.number().finite().min(0),
  errors: tally,
  statusCodes: tally,
  apiCodes: tally.optional(),
  responseBytes: z.looseObject({ count, p50: count, max: count }).optional(),
  latencyMs: distributionSchema,
  failedLatencyMs: distributionSchema.optional(),
  serviceTimeMs: distributionSchema,
  stream: z
    .looseObject({
      ttfbMs: distributionSchema,
      ttftMs: distributionSchema,
      ttstMs: distributionSchema.optional(),
      ttfeMs: distributionSchema.optional(),
      ttfaMs: distributionSchema.optional(),
      echoMs: distributionSchema.optional(),
      interEventMs: distributionSchema,
      tpotMs: distributionSchema.optional(),
      outputChars: distributionSchema.optional(),
      outputTokens: distributionSchema.optional(),
      outputTokensPerS: distributionSchema.optional(),
      inputTokens: distributionSchema.optional(),
      totalOutputTokensPerS: count.optional(),
      outputTokensFrom: z.looseObject({ usage: count, tokenizer: count }).optional(),
      wholeDataLineStreams: count.optional(),
      warnings: z.array(z.string()).optional(),
      events: count,
      contentEvents: count.optional(),
      aborted: count,
      completed: count,
    })
    .optional(),
  goodput: z
    .looseObject({
      ratio: z.number().finite().min(0).max(1),
      rps: count,
      bounds: z.looseObject({ ttftMs: count.optional(), tpotMs: count.optional(), latencyMs: count.optional() }),
    })
    .optional(),
  generator: z.looseObject({
    valid: z.boolean(),
    notes: z.array(z.string()),
    stalls: z.array(z.looseObject({ atS: z.number().finite(), durationMs: count, requests: count })).optional(),
    stalledRequests: count.optional(),
  }),
  timeline: z.array(z.looseObject({ t: z.number(), histograms: z.looseObject({ latency: z.string().optional(), ttft: z.string().optional() }).optional() })),
  slo: sloResultSchema.nullable(),
  steps: z.record(z.string(), z.looseObject({ count, ok: count, failed: count })),
  whole: z.looseObject({ requests: countsSchema, errorRate: z.number().finite().min(0), latencyMs: distributionSchema.optional(), failedLatencyMs: distributionSchema.optional() }),
  histograms: z.record(z.string(), z.string()),
  shard: z
    .looseObject({
      index: z.number().int().min(0),
      count: z.number().int().min(1),
      startAt: z.string(),
      schedule: z.string(),
      target: z.string(),
      slo: z.looseObject({}).nullable(),
    })
    .refine((s) => s.index < s.count, 'shard index must be below the shard count')
    .optional(),
  environment: environmentSchema.optional(),
});

/** Validates a parsed JSON value as a run summary; `error` is one line naming the first bad field. */
export function parseRunSummary(value: unknown): { ok: true; summary: RunSummary } | { ok: false; error: string } {
  const parsed = runSummarySchema.safeParse(value);
  if (parsed.success) return { ok: true, summary: parsed.data as unknown as RunSummary };
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? issue.path.map(String).join('.') : '(top level)';
  const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more)` : '';
  return { ok: false, error: `${where}: ${issue.message}${more}` };
}
