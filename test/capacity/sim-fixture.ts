import type { RequestSpec } from '../../src/http/types.ts';
import type { Scenario } from '../../src/load/types.ts';
import type { Slo } from '../../src/slo/types.ts';
import { resolveConfig } from '../../helpers/config.ts';
import type { EndpointId } from '../../helpers/endpoints.ts';
import { buildScenario } from '../../helpers/endpoint.ts';
import { resolveEndpoint } from '../../helpers/resolve-endpoint.ts';
import { SuiteContext } from '../../helpers/suite-context.ts';
import { startSimProcess, type SimProcess } from '../../sim/process.ts';

/** A simulator of the given profile in a child process, with the suite's scenarios prepared against it. */
export async function startSim(profile: 'healthy' | 'seed-report'): Promise<{
  sim: SimProcess;
  prepare(id: EndpointId): Promise<{ scenario: RequestSpec | Scenario; slo: Slo; connections: number; timeoutMs: number }>;
  stop(): Promise<void>;
}> {
  const sim = await startSimProcess({ profile });
  const contexts: SuiteContext[] = [];
  const env = { ...process.env, BASE_URL: sim.url, PERF_POOL_SIZE: '20' };
  return {
    sim,
    async prepare(id) {
      const config = resolveConfig(env);
      const suite = new SuiteContext(config, sim.url);
      contexts.push(suite);
      const endpoint = resolveEndpoint(id, config, env);
      return { scenario: await buildScenario(endpoint.scenarios[0], suite.kit(endpoint)), slo: endpoint.slo, connections: endpoint.connections, timeoutMs: endpoint.timeoutMs };
    },
    async stop() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await sim.stop();
    },
  };
}
