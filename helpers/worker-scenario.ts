import { fileURLToPath, pathToFileURL } from 'node:url';
import type { GeneratorIdentity, Scenario, ScenarioModule } from '../src/index.ts';
import { getConfig } from './config.ts';
import { buildScenario } from './endpoint.ts';
import { endpointDef, endpointsModule, registerEndpoints, type EndpointId } from './endpoints.ts';
import { EMBEDDED_SIM_VAR } from './provided.ts';
import { resolveEndpoint } from './resolve-endpoint.ts';
import { SuiteContext } from './suite-context.ts';

/** What a worker process needs to build one scenario of the suite: plain data only. */
export interface WorkerScenarioArgs {
  endpoint: EndpointId;
  /** The scenario's name in the endpoint's definition. */
  scenario: string;
  /** The module that exports the suite's `ENDPOINTS` (perf/endpoints/index.ts). */
  endpointsModule: string;
  baseUrl: string;
}

/**
 * The suite's scenario as a module each generator process builds itself (`PERF_WORKERS`): the
 * definition is found by endpoint id and scenario name, and its set-up (logins, sessions, codes)
 * runs in the worker against its own share of the users (see `SuiteContext`).
 */
export function workerScenarioModule(args: Omit<WorkerScenarioArgs, 'endpointsModule'>): ScenarioModule {
  return { module: fileURLToPath(import.meta.url), export: 'buildWorkerScenario', args: { ...args, endpointsModule: endpointsModule() } };
}

/** The factory `workerScenarioModule` names; runs in the worker process. */
export async function buildWorkerScenario(raw: unknown, generator: GeneratorIdentity): Promise<Scenario> {
  const args = raw as WorkerScenarioArgs;
  const { ENDPOINTS } = (await import(pathToFileURL(args.endpointsModule).href)) as { ENDPOINTS: Parameters<typeof registerEndpoints>[0] };
  registerEndpoints(ENDPOINTS, args.endpointsModule);
  const def = endpointDef(args.endpoint);
  const scenario = def.scenarios.find((s) => s.name === args.scenario);
  if (!scenario) throw new Error(`${args.endpoint} has no scenario "${args.scenario}"`);
  const config = getConfig();
  const endpoint = resolveEndpoint(args.endpoint, config, process.env, scenario);
  // Lives as long as the worker: its token pool refreshes tokens during the run.
  const suite = new SuiteContext(config, args.baseUrl, generator, { embedded: process.env[EMBEDDED_SIM_VAR] === '1' });
  return buildScenario(scenario, suite.kit(endpoint));
}
