import { z } from 'zod';
import type { CapacityStep } from '../capacity/types.ts';
import type { StoredRun } from '../result/store.ts';

/** What a report reads of a capacity search's step (`capacity.json` written by older versions carries no more). */
export type CapacityReportStep = Pick<CapacityStep, 'targetRps' | 'achievedRps' | 'p50' | 'p95' | 'p99' | 'errorRate' | 'passed'>;

/** Capacity of one endpoint: the step curve plus the two rates people read. */
export interface CapacityReport {
  endpoint: string;
  steps: CapacityReportStep[];
  /** Highest rate whose step passed; null when none did. */
  maxStableRps: number | null;
  /** Rate from which it degraded; null when it never did within the search. */
  degradationRps: number | null;
  route?: string;
  /** One sentence from the capacity search. */
  verdict?: string;
  observations?: string[];
}

const num = z.number().or(z.null().transform(() => NaN));
const stepSchema = z.object({
  targetRps: z.number(),
  achievedRps: num,
  p50: num,
  p95: num,
  p99: num,
  errorRate: num,
  passed: z.boolean(),
});
const bodySchema = z.object({
  endpoint: z.string().optional(),
  steps: z.array(stepSchema),
  maxStableRps: z.number().nullable().optional(),
  degradationRps: z.number().nullable().optional(),
  route: z.string().optional(),
  verdict: z.string().optional(),
  observations: z.array(z.string()).optional(),
});

function one(endpoint: string | undefined, value: unknown): CapacityReport | undefined {
  const parsed = bodySchema.safeParse(value);
  if (!parsed.success) return undefined;
  const name = parsed.data.endpoint ?? endpoint;
  if (!name) return undefined;
  const steps = [...parsed.data.steps].sort((a, b) => a.targetRps - b.targetRps);
  return {
    endpoint: name,
    steps,
    maxStableRps: parsed.data.maxStableRps ?? null,
    degradationRps: parsed.data.degradationRps ?? null,
    ...(parsed.data.route ? { route: parsed.data.route } : {}),
    ...(parsed.data.verdict ? { verdict: parsed.data.verdict } : {}),
    ...(parsed.data.observations?.length ? { observations: parsed.data.observations } : {}),
  };
}

/**
 * Reads capacity results in either form — an array of `{ endpoint, steps, maxStableRps,
 * degradationRps }` or a record keyed by endpoint — plus any run's `summary.extra.capacity`.
 * Entries that do not fit the shape are left out; one endpoint appears once (the given data wins).
 */
export function normalizeCapacity(value: unknown, runs: StoredRun[] = []): CapacityReport[] {
  const out = new Map<string, CapacityReport>();
  const add = (c: CapacityReport | undefined) => {
    if (c && !out.has(c.endpoint)) out.set(c.endpoint, c);
  };
  if (Array.isArray(value)) for (const v of value) add(one(undefined, v));
  else if (value && typeof value === 'object') {
    const direct = one(undefined, value);
    if (direct) add(direct);
    else for (const [k, v] of Object.entries(value)) add(one(k, v));
  }
  for (const r of runs) {
    const cap = r.summary.extra?.capacity;
    if (cap) add(one(r.meta.endpoint, cap));
  }
  return [...out.values()];
}
