import { NO_THINK, parseThinkTime, type ThinkTime } from '../src/index.ts';
import type { EndpointDef } from './endpoint.ts';
import { envSuffix } from './endpoints.ts';

/** `PERF_THINK_<ID>`: the variable that overrides an endpoint's think time. */
export function thinkVar(id: string): string {
  return `PERF_THINK_${envSuffix(id)}`;
}

/** The endpoint's think time: `PERF_THINK_<ID>` (`2s`, `500ms`, `0`, `uniform(1s,3s)`, `exp(2s)`), else its definition's, else none. */
export function resolveThink(def: EndpointDef, env: NodeJS.ProcessEnv): ThinkTime {
  if (!def.think) return NO_THINK;
  const name = thinkVar(def.id);
  const text = env[name]?.trim();
  return text ? parseThinkTime(text, name) : def.think.time;
}
