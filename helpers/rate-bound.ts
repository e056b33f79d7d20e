import { ConfigError, MAX_RATE_PER_S, shardOptionsFromEnv } from '../src/index.ts';
import type { SuiteConfig } from './config.ts';
import { envSuffix } from './endpoints.ts';
import type { EndpointOverride } from './overrides.ts';

/** The setting that gave an endpoint its rate, as the user wrote it: `PERF_RATE_USER_ID=1e9`. */
export function rateSource(id: string, env: NodeJS.ProcessEnv, envO: EndpointOverride, fileO: EndpointOverride | undefined, config: SuiteConfig): string {
  const scale = config.rateScale !== 1 ? ` × PERF_RATE_SCALE=${config.rateScale}` : '';
  const rateVar = `PERF_RATE_${envSuffix(id)}`;
  if (envO.targetRps !== undefined) return `${rateVar}=${env[rateVar]?.trim() ?? envO.targetRps}${scale}`;
  if (fileO?.targetRps !== undefined) return `PERF_CONFIG endpoints.${id}.targetRps (${fileO.targetRps})${scale}`;
  return scale ? `PERF_RATE_SCALE=${config.rateScale}` : `the ${id} target rate`;
}

/**
 * An endpoint's hold rate stays within the bound `perf run --rate` has: {@link MAX_RATE_PER_S} per
 * generator process, × `PERF_WORKERS` or the `PERF_SHARD` count. Throws `ConfigError` naming `source`.
 */
export function assertRateBound(id: string, holdRps: number, source: string, env: NodeJS.ProcessEnv): void {
  const { shard, workers } = shardOptionsFromEnv(env);
  const processes = Math.max(shard?.count ?? 1, workers ?? 1);
  const max = MAX_RATE_PER_S * processes;
  if (holdRps <= max) return;
  const per = processes > 1 ? ` (${MAX_RATE_PER_S}/s per generator process × ${processes})` : ', the most one generator process sends reliably (docs/PERFORMANCE.md)';
  throw new ConfigError(`${source}: the ${id} hold would run at ${holdRps}/s, above ${max}/s${per}; lower it, or split it over processes with PERF_WORKERS or PERF_SHARD`);
}
