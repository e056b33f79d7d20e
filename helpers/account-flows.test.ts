import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IterationContext, RequestResult, RequestSpec } from '../src/index.ts';
import { createSimServer, type SimServer } from '../sim/server.ts';
import { CHECK_EMAIL_REGISTERED } from '../perf/endpoints/check-email-registered.ts';
import { GODGPT_REGISTER } from '../perf/endpoints/godgpt-register.ts';
import { LOGOUT } from '../perf/endpoints/logout.ts';
import { SEND_REGISTER_CODE } from '../perf/endpoints/send-register-code.ts';
import { readEnvelope } from './client/checks.ts';
import { resolveConfig } from './config.ts';
import { buildScenario, type EndpointDef } from './endpoint.ts';
import type { EndpointId } from './endpoints.ts';
import { registerCode, SIM_REGISTER_CODE } from './register-code.ts';
import { resolveEndpoint } from './resolve-endpoint.ts';
import { isScenarioSkip } from './scenario-skip.ts';
import { loginOneUseTokens } from './seed/one-use-tokens.ts';
import { logoutFlow, uniqueEmails } from './account-flows.ts';
import { SuiteContext } from './suite-context.ts';
import { z } from 'zod';
import { useSuiteEndpoints } from '../perf/endpoints/index.ts';

// The helpers under test find the suite's endpoints as an entry point hands them over.
useSuiteEndpoints();

interface Sent {
  name: string;
  measured: boolean;
  code: string | undefined;
  token: string | undefined;
  body: unknown;
  ok: boolean;
}

/** An iteration context that sends each request with fetch and records it, judged by the spec's own check. */
function recordingCtx(sent: Sent[]): IterationContext {
  return {
    request: async (spec: RequestSpec) => {
      const res = await fetch(spec.url, { method: spec.method ?? 'GET', headers: spec.headers, body: typeof spec.body === 'string' ? spec.body : undefined });
      const body = await res.text();
      const json = JSON.parse(body) as { code?: string };
      const verdict = spec.check?.({ status: res.status, headers: {}, body } as never);
      const ok = res.status === 200 && (verdict === undefined || verdict === null);
      const auth = (spec.headers as Record<string, string> | undefined)?.authorization;
      sent.push({ name: spec.name ?? '', measured: spec.measure !== false, code: json.code, token: auth?.replace(/^Bearer /, ''), body: typeof spec.body === 'string' && spec.body.startsWith('{') ? JSON.parse(spec.body) : undefined, ok });
      return { status: res.status, outcome: ok ? 'ok' : 'api_error', body } as RequestResult;
    },
    sleep: async () => undefined,
    vu: 0,
    iteration: 0,
    signal: new AbortController().signal,
  };
}

let sim: SimServer;
let suite: SuiteContext;
beforeAll(async () => {
  sim = await createSimServer({ profile: 'healthy', config: { timeScale: 0.02 } });
  suite = new SuiteContext(resolveConfig({ PERF_POOL_SIZE: '3', PERF_PROFILE: 'smoke' }), sim.url, undefined, { embedded: true });
});
afterAll(async () => {
  await suite.close();
  await sim.close();
});

/** `def`'s first scenario built against the simulator, run `n` times; what it sent. */
async function iterate(def: EndpointDef, n: number): Promise<Sent[]> {
  const endpoint = resolveEndpoint(def.id as EndpointId, suite.config, {}, def.scenarios[0]);
  const scenario = await buildScenario(def.scenarios[0], suite.kit(endpoint));
  const sent: Sent[] = [];
  for (let i = 0; i < n; i++) await scenario(recordingCtx(sent));
  return sent;
}

describe('account routes against the simulator', () => {
  it('made-up e-mails are unique, within a scenario and across builds (reruns, generator processes)', () => {
    const a = uniqueEmails();
    const b = uniqueEmails();
    const all = [a(), a(), a(), b(), b()];
    expect(new Set(all).size).toBe(5);
    for (const e of all) expect(e).toMatch(/^perf-[0-9a-f]{12}-\d+@teml\.net$/);
  });

  it('check-email-registered: every other check is a registered user (true), the others an address no one has (false)', async () => {
    const sent = await iterate(CHECK_EMAIL_REGISTERED, 4);
    expect(sent.every((s) => s.measured && s.ok && s.name === 'check-email-registered')).toBe(true);
    const answers = await Promise.all(sent.map((s) => fetch(`${sim.url}/api/account/check-email-registered`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(s.body) }).then((r) => r.text())));
    expect(answers.map((a) => readEnvelope(a, z.boolean()))).toEqual([true, false, true, false].map((data) => ({ ok: true, data })));
  });

  it('send-register-code: a fresh, unregistered e-mail each time, so every request is a success (never the "already registered" 50000)', async () => {
    const sent = await iterate(SEND_REGISTER_CODE, 6);
    expect(sent.map((s) => [s.name, s.code, s.ok])).toEqual(Array(6).fill(['send-register-code', '20001', true]));
    expect(new Set(sent.map((s) => (s.body as { email: string }).email)).size).toBe(6);
  });

  it("godgpt-register: unique e-mails and the simulator's fixed code; each registration creates an account", async () => {
    const sent = await iterate(GODGPT_REGISTER, 5);
    expect(sent.map((s) => [s.name, s.code, s.ok])).toEqual(Array(5).fill(['godgpt-register', '20000', true]));
    const bodies = sent.map((s) => s.body as { emailAddress: string; code: string });
    expect(new Set(bodies.map((b) => b.emailAddress)).size).toBe(5);
    expect(bodies.every((b) => b.code === SIM_REGISTER_CODE)).toBe(true);
    for (const b of bodies) expect(sim.runtime.state.usersByEmail.has(b.emailAddress.toUpperCase())).toBe(true);
  });

  it('the registration code: PERF_REGISTER_CODE, else the embedded simulator\'s; against another target without it the scenario is skipped naming the setting', async () => {
    expect(registerCode(resolveConfig({}), true)).toBe(SIM_REGISTER_CODE);
    expect(registerCode(resolveConfig({ PERF_REGISTER_CODE: ' 424242 ' }), true)).toBe('424242');
    expect(registerCode(resolveConfig({ PERF_REGISTER_CODE: '424242' }), false)).toBe('424242');
    let err: unknown;
    try {
      // No BASE_URL in the configuration (a perf worker's, where vitest's BASE_URL=/ hides it) is no sign of the simulator.
      registerCode(resolveConfig({}), false);
    } catch (e) {
      err = e;
    }
    expect(isScenarioSkip(err)).toBe(true);
    expect((err as Error).message).toMatch(/set PERF_REGISTER_CODE/);
    // Its build stops there, before any request; a suite is not embedded unless told.
    const real = new SuiteContext(resolveConfig({ PERF_POOL_SIZE: '1' }), 'http://127.0.0.1:9');
    try {
      const endpoint = resolveEndpoint('godgpt-register' as EndpointId, real.config, {}, GODGPT_REGISTER.scenarios[0]);
      await expect(buildScenario(GODGPT_REGISTER.scenarios[0], real.kit(endpoint))).rejects.toSatisfy(isScenarioSkip);
    } finally {
      await real.close();
    }
  });

  it('logout: tokens of logins of its own, made before the run for users outside the pool, each ended once; the pool keeps its tokens', async () => {
    const pool = await suite.pool();
    const pooled = new Set(Array.from({ length: pool.size }, (_, i) => pool.user(i).token));
    const endpoint = resolveEndpoint('logout' as EndpointId, suite.config, {}, LOGOUT.scenarios[0]);
    const kit = suite.kit(endpoint);
    expect(kit.iterations).toBeGreaterThan(0);
    const before = sim.runtime.stats.newUserInitsTotal;
    const scenario = await buildScenario(LOGOUT.scenarios[0], kit);
    const sent: Sent[] = [];
    for (let i = 0; i < 6; i++) await scenario(recordingCtx(sent));
    // Every login was made before the run: the iterations only log out.
    expect(sent.map((s) => [s.name, s.measured, s.ok])).toEqual(Array(6).fill(['logout', true, true]));
    const tokens = sent.map((s) => s.token);
    expect(new Set(tokens).size).toBe(6);
    for (const t of tokens) expect(pooled.has(t!)).toBe(false);
    // A logout is no first use of the account (it initialises nothing).
    expect(sim.runtime.stats.newUserInitsTotal).toBe(before);
    // The pool's users are still logged in.
    const list = await fetch(`${sim.url}/api/godgpt/session-list`, { headers: { authorization: `Bearer ${pool.user(0).token}` } });
    expect(list.status).toBe(200);
  });

  it('logout: once the prepared tokens are used up, an iteration logs in first (unmeasured), never with a pooled token', async () => {
    const users = await suite.freshUsers(10);
    const tokens = await loginOneUseTokens(suite.client, users, 2);
    expect(tokens.size).toBe(2);
    const sent: Sent[] = [];
    for (let i = 0; i < 4; i++) await logoutFlow(recordingCtx(sent), suite.client.api, tokens, users);
    expect(sent.filter((s) => s.measured).map((s) => [s.name, s.ok])).toEqual(Array(4).fill(['logout', true]));
    expect(sent.filter((s) => !s.measured).map((s) => s.name)).toEqual(['connect-token', 'connect-token']);
    expect(tokens.shortfall).toBe(2);
  });
});
