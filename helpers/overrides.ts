import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, envNumber, mergeSlo, parseSloExpression, readEnv, type Slo, sloSchema, unmeasurableBounds } from '../src/index.ts';
import { endpointIds, envSuffix } from './endpoints.ts';
import type { ResourceSampling } from './sampling.ts';

/** Per-endpoint overrides, from `PERF_CONFIG` and `PERF_RATE_<ID>` / `PERF_SLO_<ID>`. */
export interface EndpointOverride {
  targetRps?: number;
  slo?: Slo;
  connections?: number;
  timeoutMs?: number;
}

const overrideSchema = z.strictObject({
  targetRps: z.number().positive().optional(),
  slo: sloSchema.optional(),
  connections: z.int().positive().optional(),
  timeoutMs: z.int().positive().optional(),
});

/** Zod schema of the `PERF_CONFIG` file: `{ "endpoints": { "guest-chat": { "targetRps": 50, "slo": {...} } } }`. */
export const perfConfigFileSchema = z.strictObject({
  endpoints: z
    .record(z.string(), overrideSchema)
    .superRefine((rec, ctx) => {
      for (const key of Object.keys(rec)) {
        if (!endpointIds().includes(key)) {
          ctx.addIssue({ code: 'custom', path: [key], message: `unknown endpoint "${key}"; known: ${endpointIds().join(', ')}` });
        }
      }
    })
    .default({}),
});

/** Reads and validates a `PERF_CONFIG` file; errors name `PERF_CONFIG`, the file and the bad key. */
export function loadConfigFile(path: string): Record<string, EndpointOverride> {
  if (!existsSync(path)) throw new ConfigError(`PERF_CONFIG: file ${path} does not exist`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new ConfigError(`PERF_CONFIG: ${path} is not valid JSON (${(cause as Error).message})`, { cause });
  }
  const parsed = perfConfigFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(`PERF_CONFIG: ${path} is invalid\n${z.prettifyError(parsed.error)}`, { cause: parsed.error });
  }
  return parsed.data.endpoints as Record<string, EndpointOverride>;
}

/** Reads `PERF_RATE_<ID>` and `PERF_SLO_<ID>` for one endpoint. */
export function envOverride(id: string, env: NodeJS.ProcessEnv): EndpointOverride {
  const out: EndpointOverride = {};
  const rateVar = `PERF_RATE_${envSuffix(id)}`;
  const rate = readEnv(z.object({ [rateVar]: envNumber({ positive: true, unit: 'requests per second' }).optional() }), env)[rateVar];
  if (rate !== undefined) out.targetRps = rate;
  const sloVar = `PERF_SLO_${envSuffix(id)}`;
  const slo = env[sloVar]?.trim();
  if (slo) out.slo = parseSloExpression(slo, sloVar);
  return out;
}

/** File override, then env override on top (env wins), both over nothing. */
export function combineOverrides(file: EndpointOverride | undefined, env: EndpointOverride): EndpointOverride {
  const out: EndpointOverride = { ...file, ...env };
  if (file?.slo && env.slo) out.slo = mergeSlo(file.slo, env.slo);
  return out;
}

/**
 * Refuses bounds of a user's SLO override (`source`: `PERF_SLO_<ID>`, or the `PERF_CONFIG` file
 * and key) that the endpoint's runs cannot measure: TTFT, TPOT, stream completion or goodput's
 * ttft/tpot on an endpoint that is not an SSE stream, a resource no sampler gives. They could only
 * fail after the load. The definitions' own resource bounds are skipped instead (`pruneUnsampled`).
 */
export function assertOverrideMeasurable(id: string, slo: Slo | undefined, source: string, by: { sse: boolean; sampling: ResourceSampling }): void {
  if (!slo) return;
  const streams = unmeasurableBounds(slo, { sse: by.sse });
  if (streams.length > 0) {
    throw new ConfigError(`${source}: ${streams.join(', ')} cannot be measured: ${id} is not an SSE stream (TTFT, TPOT and stream completion are measured on SSE streams only)`);
  }
  const resources = unmeasurableBounds(slo, { sse: true, resourceKeys: by.sampling.keys });
  if (resources.length === 0) return;
  if (by.sampling.keys.size === 0) throw new ConfigError(`${source}: ${resources.join(', ')} cannot be measured: ${by.sampling.hint}`);
  const keys = resources.map((r) => r.slice('resources.'.length)).join(', ');
  throw new ConfigError(
    `${source}: ${resources.join(', ')} cannot be measured: no configured sampler gives ${keys} (they give ${[...by.sampling.keys].join(', ')}); add it to PERF_METRICS_GAUGES or PERF_PROMETHEUS_QUERIES`,
  );
}
