import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, envNumber, mergeSlo, parseSloExpression, readEnv, type Slo, sloSchema } from '../src/index.ts';
import { ENDPOINT_IDS, envSuffix } from './endpoints.ts';

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
        if (!(ENDPOINT_IDS as readonly string[]).includes(key)) {
          ctx.addIssue({ code: 'custom', path: [key], message: `unknown endpoint "${key}"; known: ${ENDPOINT_IDS.join(', ')}` });
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
