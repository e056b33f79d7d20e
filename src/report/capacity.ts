import { z } from 'zod';
import type { CapacityStep } from '../capacity/types.ts';
import type { StoredRun } from '../result/store.ts';

/** What a report reads of a capacity search's step (`capacity.json` written by older versions carries no `generatorValid`). */
export type CapacityReportStep = Pick<CapacityStep, 'targetRps' | 'achievedRps' | 'p50' | 'p95' | 'p99' | 'errorRate' | 'passed'> & Partial<Pick<CapacityStep, 'generatorValid'>>;

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
  /** Why the search ended (a `CapacityStop`: `max-reached`, `start-failed`, `generator-limit`...). */
  stoppedBy?: string;
  /** Unloaded latency, the degradation factor and its p95 bound (see `CapacityResult`). */
  unloadedP50Ms?: number;
  unloadedP95Ms?: number;
  k?: number;
  degradationP95Ms?: number;
  /** Caveats of the search. */
  notes?: string[];
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
  generatorValid: z.boolean().optional().catch(undefined),
});
const optionalNumber = num.optional().catch(undefined);
const bodySchema = z.object({
  endpoint: z.string().optional(),
  steps: z.array(stepSchema),
  maxStableRps: z.number().nullable().optional(),
  degradationRps: z.number().nullable().optional(),
  route: z.string().optional(),
  verdict: z.string().optional(),
  observations: z.array(z.string()).optional(),
  stoppedBy: z.string().optional().catch(undefined),
  unloadedP50Ms: optionalNumber,
  unloadedP95Ms: optionalNumber,
  k: optionalNumber,
  degradationP95Ms: optionalNumber,
  notes: z.array(z.string()).optional().catch(undefined),
});

function one(endpoint: string | undefined, value: unknown): CapacityReport | undefined {
  const parsed = bodySchema.safeParse(value);
  if (!parsed.success) return undefined;
  const d = parsed.data;
  const name = d.endpoint ?? endpoint;
  if (!name) return undefined;
  const steps = [...d.steps]
    .sort((a, b) => a.targetRps - b.targetRps)
    .map(({ generatorValid, ...step }) => (generatorValid === undefined ? step : { ...step, generatorValid }));
  return {
    endpoint: name,
    steps,
    maxStableRps: d.maxStableRps ?? null,
    degradationRps: d.degradationRps ?? null,
    ...(d.route ? { route: d.route } : {}),
    ...(d.verdict ? { verdict: d.verdict } : {}),
    ...(d.observations?.length ? { observations: d.observations } : {}),
    ...(d.stoppedBy !== undefined ? { stoppedBy: d.stoppedBy } : {}),
    ...(d.unloadedP50Ms !== undefined ? { unloadedP50Ms: d.unloadedP50Ms } : {}),
    ...(d.unloadedP95Ms !== undefined ? { unloadedP95Ms: d.unloadedP95Ms } : {}),
    ...(d.k !== undefined ? { k: d.k } : {}),
    ...(d.degradationP95Ms !== undefined ? { degradationP95Ms: d.degradationP95Ms } : {}),
    ...(d.notes?.length ? { notes: d.notes } : {}),
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
