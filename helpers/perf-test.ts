import './provided.ts';
import { inject, test as base } from 'vitest';
import { ConfigError } from '../src/core/errors.ts';
import type { RequestSpec } from '../src/http/types.ts';
import type { IterationContext, Scenario } from '../src/load/types.ts';
import type { RunSummary } from '../src/result/types.ts';
import type { TokenPool } from './auth/token-pool.ts';
import type { GodGptApi } from './client/api.ts';
import type { GodGptClient } from './client/godgpt-client.ts';
import { getConfig } from './config.ts';
import { promptCycle } from './fixtures/prompts.ts';
import type { FreshUsers } from './flows.ts';
import { resolveEndpoint, type ResolvedEndpoint } from './resolve-endpoint.ts';
import { runEndpoint } from './run-endpoint.ts';
import { newUsersNeeded } from './new-users.ts';
import type { GuestIpPool } from './seed/guest-ips.ts';
import type { SessionBook } from './seed/sessions.ts';
import type { InviteCodes } from './seed/invite-codes.ts';
import { SuiteContext } from './suite-context.ts';


/** A scenario whose result is ignored (`(ctx) => ctx.request(spec)` reads like k6). */
export type LooseScenario = (ctx: IterationContext) => Promise<unknown>;

/** What a perf test gets. Set-up (logins, seeding) happens when a fixture is first used, outside the measured run. */
export interface PerfFixtures {
  /** Runs the scenario against the endpoint with the profile's stages; saves and returns the summary. */
  run: (endpoint: ResolvedEndpoint, scenario: RequestSpec | LooseScenario) => Promise<RunSummary>;
}

export interface PerfFileFixtures {
  suite: SuiteContext;
  client: GodGptClient;
  /** Request builders (absolute URLs, checks included). */
  api: GodGptApi;
  /** Logged-in users, round-robin, refreshed before expiry and after a 401. */
  pool: TokenPool;
  /** One pre-created session per pooled user. */
  sessions: SessionBook;
  /** Simulated guest IPs. */
  guests: GuestIpPool;
  /** Users with no token yet, for login tests (sized for the connect-token run). */
  newUsers: FreshUsers;
  /** Invite codes harvested from pooled users. */
  inviteCodes: InviteCodes;
  /** Round-robin meditation prompts, English and Chinese. */
  prompt: () => string;
}

/** The target's base URL: `BASE_URL`, else what perf/global-setup provided. */
export function targetBaseUrl(): { baseUrl: string; embedded: boolean } {
  const configured = getConfig().baseUrl;
  if (configured) return { baseUrl: configured, embedded: false };
  let provided: string | undefined;
  let embedded = false;
  try {
    provided = inject('perfBaseUrl');
    embedded = inject('perfEmbeddedSim');
  } catch {
    provided = undefined;
  }
  if (!provided) throw new ConfigError('BASE_URL is not set and no simulator was started (run perf tests with `pnpm test:perf`, which starts one)');
  return { baseUrl: provided, embedded };
}

function toScenario(fn: LooseScenario): Scenario {
  return async (ctx) => {
    await fn(ctx);
  };
}

/** `test` with the GodGPT fixtures: use it in perf files as `test('…', async ({ run, pool }) => …)`. */
export const test = base.extend<{ $test: PerfFixtures; $file: PerfFileFixtures }>({
  suite: [
    async ({}, use) => {
      const { baseUrl } = targetBaseUrl();
      const suite = new SuiteContext(getConfig(), baseUrl);
      try {
        await use(suite);
      } finally {
        await suite.close();
      }
    },
    { scope: 'file' },
  ],
  client: [async ({ suite }, use) => use(suite.client), { scope: 'file' }],
  api: [async ({ suite }, use) => use(suite.client.api), { scope: 'file' }],
  pool: [async ({ suite }, use) => use(await suite.pool()), { scope: 'file' }],
  sessions: [async ({ suite }, use) => use(await suite.sessions()), { scope: 'file' }],
  inviteCodes: [async ({ suite }, use) => use(await suite.inviteCodes()), { scope: 'file' }],
  guests: [async ({ suite }, use) => use(suite.guests), { scope: 'file' }],
  newUsers: [async ({ suite }, use) => use(await suite.freshUsers(newUsersNeeded(resolveEndpoint('connect-token')))), { scope: 'file' }],
  prompt: [async ({}, use) => use(promptCycle()), { scope: 'file' }],
  run: [async ({ suite, task, signal }, use) => {
    const { embedded } = targetBaseUrl();
    await use((endpoint, scenario) =>
      runEndpoint({
        config: suite.config,
        baseUrl: suite.baseUrl,
        endpoint,
        scenarioName: task.name,
        scenario: typeof scenario === 'function' ? toScenario(scenario) : scenario,
        signal,
        embeddedSim: embedded,
        extra: () => suite.stats(),
      }),
    );
  }, { scope: 'test' }],
});

export { resolveEndpoint as endpoint };
