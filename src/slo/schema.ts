import { z } from 'zod';
import { ConfigError } from '../core/errors.ts';
import type { Slo } from './types.ts';

const ms = z.number().finite().positive();
const ratio = z.number().finite().min(0).max(1);

/** Zod schema of a latency or TTFT bound set: each value is an exclusive upper bound in ms. */
export const latencyBoundsSchema = z.strictObject({
  p50: ms.optional(),
  p90: ms.optional(),
  p95: ms.optional(),
  p99: ms.optional(),
  max: ms.optional(),
});

/**
 * Zod schema of an {@link Slo}. Objects are strict: an unknown key is rejected and named.
 * `errorRate` must be in (0, 1]: a bound of 0 could never be met since bounds are strict.
 */
export const sloSchema = z.strictObject({
  latencyMs: latencyBoundsSchema.optional(),
  ttftMs: latencyBoundsSchema.optional(),
  tpotMs: latencyBoundsSchema.optional(),
  goodput: z
    .strictObject({ ttftMs: ms.optional(), tpotMs: ms.optional(), latencyMs: ms.optional(), minRatio: ratio.optional() })
    .refine((g) => g.ttftMs !== undefined || g.tpotMs !== undefined || g.latencyMs !== undefined, 'expected at least one of ttftMs, tpotMs, latencyMs (ms)')
    .optional(),
  errorRate: z.number().finite().gt(0, 'expected a bound above 0 (the check is strict: errors < bound)').max(1).optional(),
  minRateRatio: ratio.optional(),
  minStreamCompletion: ratio.optional(),
  resources: z.record(z.string().min(1), z.number().finite()).optional(),
});

/** One-line rendering of zod issues, each prefixed by the path of the offending option. */
export function formatZodIssues(error: z.ZodError, prefix = ''): string {
  return error.issues
    .map((issue) => {
      const path = [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/** Validates an SLO given as untyped input (config file, JSON); throws `ConfigError` naming the bad key. */
export function parseSlo(input: unknown, source = 'slo'): Slo {
  const parsed = sloSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(`${source}: ${formatZodIssues(parsed.error)}`, { cause: parsed.error });
  }
  return parsed.data as Slo;
}

/** Overlays `override` on `base` (bound by bound), e.g. an env or CLI expression over an endpoint's SLO. */
export function mergeSlo(base: Slo, override: Slo): Slo {
  const out: Slo = { ...base, ...override };
  if (base.latencyMs || override.latencyMs) out.latencyMs = { ...base.latencyMs, ...override.latencyMs };
  if (base.ttftMs || override.ttftMs) out.ttftMs = { ...base.ttftMs, ...override.ttftMs };
  if (base.tpotMs || override.tpotMs) out.tpotMs = { ...base.tpotMs, ...override.tpotMs };
  if (base.goodput || override.goodput) out.goodput = { ...base.goodput, ...override.goodput };
  if (base.resources || override.resources) out.resources = { ...base.resources, ...override.resources };
  return out;
}
