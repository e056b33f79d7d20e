import type { EndpointDef } from './endpoint.ts';

/**
 * The suite's endpoint definitions, as the entry point handed them over (`useSuiteEndpoints()` of
 * perf/endpoints/index.ts). helpers/ never imports perf/: the definitions live above it and are
 * given to it, so the import arrows point one way (perf -> helpers -> src).
 */
let registered: { defs: readonly EndpointDef[]; module: string } | undefined;

/** An endpoint's id (`guest-chat`). */
export type EndpointId = string;

/** Sets the endpoint definitions the helpers use, and the module a worker process imports to find them (exporting `ENDPOINTS`). */
export function registerEndpoints(defs: readonly EndpointDef[], module: string): void {
  registered = { defs, module };
}

function current(): { defs: readonly EndpointDef[]; module: string } {
  if (!registered) throw new Error('no endpoint definitions: call useSuiteEndpoints() of perf/endpoints/index.ts first');
  return registered;
}

/** Every endpoint, in the order the suite and `pnpm perf capacity` list them. */
export function endpoints(): readonly EndpointDef[] {
  return current().defs;
}

export function endpointIds(): EndpointId[] {
  return current().defs.map((e) => e.id);
}

/** The module worker processes import to register the same definitions (it exports `ENDPOINTS`). */
export function endpointsModule(): string {
  return current().module;
}

/** The env suffix of an endpoint id: `guest-chat` → `GUEST_CHAT` (for `PERF_RATE_GUEST_CHAT`, `PERF_SLO_GUEST_CHAT`). */
export function envSuffix(id: string): string {
  return id.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

/** The definition of `id`, unresolved (no scale, no overrides). */
export function endpointDef(id: string): EndpointDef {
  const def = endpoints().find((e) => e.id === id);
  if (!def) throw new Error(`unknown endpoint "${id}"; known: ${endpointIds().join(', ')}`);
  return def;
}
