import { ConfigError, type Sampler, type SuiteEndpoint, type SuitePlugin, TargetUnreachableError } from '../src/index.ts';
import { SimulatorError } from '../sim/errors.ts';
import { startSimProcess } from '../sim/process.ts';
import { checkUsersSource } from './auth/users.ts';
import { assertReachable } from './client/setup-client.ts';
import { getConfig } from './config.ts';
import { suiteEnvironment } from './environment.ts';
import { phaseOf, type Phase } from './endpoint.ts';
import { endpointIds, type EndpointId } from './endpoints.ts';
import { resolveEndpoint } from './resolve-endpoint.ts';
import { prepareScenario, runFilter, skipReason } from './run-filter.ts';
import { suiteSamplers } from './run-endpoint.ts';
import { knownSettings } from './settings.ts';
import { SuiteContext } from './suite-context.ts';

let simUrl: string | undefined;

/** `perf capacity --phase` ids of the phases. */
const PHASE_IDS: Record<Phase, string> = { 'old users': 'old', 'new users': 'new' };

function currentBaseUrl(): string {
  const url = getConfig().baseUrl ?? simUrl;
  if (!url) throw new ConfigError('BASE_URL is not set and the simulator was not started (call start() first)');
  return url;
}

function isEndpointId(id: string): id is EndpointId {
  return endpointIds().includes(id);
}

/**
 * The GodGPT suite for `pnpm perf capacity`: the endpoint definitions (targets and SLOs after
 * overrides), each endpoint's first scenario with its users/sessions set up by `prepare`, samplers of
 * the target, and the embedded simulator when `BASE_URL` is unset.
 */
export const godgptSuite: SuitePlugin = {
  baseUrl: currentBaseUrl,

  endpoints(): SuiteEndpoint[] {
    // Every command that logs users in lists the endpoints first: a bad PERF_USERS_FILE fails here, before the simulator or any login.
    checkUsersSource(getConfig().users);
    return endpointIds().map((id) => {
      const e = resolveEndpoint(id);
      const phases = e.scenarios.flatMap((s) => (phaseOf(e, s) ? [phaseOf(e, s)!] : []));
      const skip = skipReason(e, runFilter(getConfig(), !getConfig().baseUrl));
      return {
        id: e.id, route: e.route, targetRps: e.targetRps, slo: e.slo, sse: e.sse,
        ...(phases.length ? { phases: phases.map((p) => ({ id: PHASE_IDS[p], label: p })) } : {}),
        ...(skip !== undefined ? { skipReason: skip } : {}),
      };
    });
  },

  async prepare(id, phase) {
    if (!isEndpointId(id)) throw new ConfigError(`unknown endpoint "${id}"; known: ${endpointIds().join(', ')}`);
    const endpoint = resolveEndpoint(id);
    const scenario = phase === undefined ? endpoint.scenarios[0] : endpoint.scenarios.find((s) => phaseOf(endpoint, s) !== undefined && PHASE_IDS[phaseOf(endpoint, s)!] === phase);
    if (!scenario) throw new ConfigError(`${id} has no phase "${phase}"`);
    const suite = new SuiteContext(getConfig(), currentBaseUrl(), undefined, { embedded: !getConfig().baseUrl });
    try {
      // Embedded only when this process started the simulator (a BASE_URL is a real target).
      const built = await prepareScenario(endpoint, scenario, suite, { embedded: !getConfig().baseUrl, resolve: () => endpoint });
      if ('skip' in built) throw new ConfigError(`${id}: skipped: ${built.skip}`);
      return { scenario: built.scenario, connections: endpoint.connections, timeoutMs: endpoint.timeoutMs, close: () => suite.close() };
    } catch (err) {
      await suite.close();
      throw err;
    }
  },

  samplers(): Sampler[] {
    return suiteSamplers(currentBaseUrl(), simUrl !== undefined && !getConfig().baseUrl);
  },

  modelCheckEndpoints: () => ['guest-chat', 'chat', 'voice-chat'],

  settings: () => knownSettings().map((s) => s.name),

  environment: () => suiteEnvironment(currentBaseUrl(), simUrl !== undefined && !getConfig().baseUrl),

  async startModel(model) {
    const config = getConfig();
    if (config.baseUrl) {
      if (model === 'mocked') {
        throw new ConfigError('perf model-check: BASE_URL is set, so the mocked model\'s side cannot be started here: give --baseline with a model-check.json saved from a run against the mocked model');
      }
      await assertReachable(config.baseUrl, 'BASE_URL');
      return { label: `the deployment's own model at ${config.baseUrl}`, stop: async () => {} };
    }
    const upstream = process.env.SIM_LLM_URL;
    // Before any simulator or load: a model that does not answer would only turn every reply into an error.
    if (model === 'real' && upstream) await assertReachable(upstream, 'SIM_LLM_URL');
    const env = model === 'mocked' ? { SIM_LLM: 'mocked', SIM_LLM_URL: '' } : upstream ? { SIM_LLM: 'mocked' } : { SIM_LLM: 'real-llm' };
    let sim;
    try {
      sim = await startSimProcess({ port: 0, profile: config.simProfile, env });
    } catch (err) {
      throw err instanceof SimulatorError ? new TargetUnreachableError(err.message, { cause: err }) : err;
    }
    simUrl = sim.url;
    const label = model === 'mocked' ? `simulator (${config.simProfile}), mocked LLM` : upstream ? `simulator (${config.simProfile}) streaming from SIM_LLM_URL ${upstream}` : `simulator (${config.simProfile}), real-llm`;
    return {
      label,
      stop: async () => {
        simUrl = undefined;
        await sim.stop();
      },
    };
  },

  async start() {
    const config = getConfig();
    if (config.baseUrl) {
      await assertReachable(config.baseUrl, 'BASE_URL');
      return async () => {};
    }
    let sim;
    try {
      sim = await startSimProcess({ port: 0, profile: config.simProfile });
    } catch (err) {
      // The simulator's errors are its own; to the CLI it is the target that could not be reached.
      throw err instanceof SimulatorError ? new TargetUnreachableError(err.message, { cause: err }) : err;
    }
    simUrl = sim.url;
    return async () => {
      simUrl = undefined;
      await sim.stop();
    };
  },
};
