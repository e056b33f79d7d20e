import { afterEach, describe, expect, it } from 'vitest';
import type { SimConfigInput } from '../config.ts';
import { startHarness, WEBM_BASE64, type Harness } from './harness.ts';

const open: Harness[] = [];
async function sim(profile: 'healthy' | 'seed-report', config: SimConfigInput = {}): Promise<Harness> {
  // No start-up user table unless a test asks for one (seed-report seeds 200,000).
  const h = await startHarness(profile, { llmOverrides: { tokensMin: 8, tokensMax: 12 }, seedUsers: 0, ...config });
  open.push(h);
  return h;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

async function newSession(h: Harness, token: string): Promise<string> {
  return ((await h.req('/api/godgpt/create-session', { method: 'POST', token, json: {} })).json() as { data: string }).data;
}

describe('seed-report faults, absent from healthy', () => {
  it('guest chat right after create-session fails with 500 (seed-report) but works (healthy)', async () => {
    const chatRightAfter = async (h: Harness, ip: string) => {
      await h.req('/api/godgpt/guest/create-session', { method: 'POST', ip, json: { guider: '' } });
      return h.req('/api/godgpt/guest/chat', { method: 'POST', ip, json: { content: 'hello' } });
    };
    const bad = await chatRightAfter(await sim('seed-report', { timeScale: 0.02 }), '198.18.0.1');
    expect([bad.status, bad.text]).toEqual([500, 'Internal server error.']);
    expect((await chatRightAfter(await sim('healthy', { timeScale: 0.02 }), '198.18.0.1')).status).toBe(200);
    const warm = await sim('seed-report', { timeScale: 0.02, faults: { guestChatWarmupMs: 150 } });
    await warm.req('/api/godgpt/guest/create-session', { method: 'POST', ip: '198.18.0.2', json: {} });
    await new Promise((r) => setTimeout(r, 200));
    expect((await warm.req('/api/godgpt/guest/chat', { method: 'POST', ip: '198.18.0.2', json: { content: 'x' } })).status).toBe(200);
  });

  it('a burst of voice chats beyond the speech workers queues past the origin timeout into 524s under seed-report, none under healthy', async () => {
    const burst = async (h: Harness, n: number) => {
      const u = await h.user('voice');
      const sid = await newSession(h, u.token);
      const body = JSON.stringify({ sessionId: sid, content: WEBM_BASE64, messageType: 1, voiceLanguage: 0 });
      const all = await Promise.all(Array.from({ length: n }, () =>
        fetch(`${h.url}/api/godgpt/voice/chat`, { method: 'POST', headers: { authorization: `Bearer ${u.token}`, 'content-type': 'application/json' }, body })
          .then(async (r) => (await r.text(), r.status), () => 0)));
      return { s524: all.filter((s) => s === 524).length, ok: all.filter((s) => s === 200).length, gateway: h.sim.runtime.stats.gatewayTimeoutsTotal };
    };
    const fast = { llmOverrides: { ttftMedianMs: 20, ttftP95Ms: 40, tokensMin: 8, tokensMax: 12 } };
    // 120 at once on 17 speech workers of ~250 ms: the last ones wait ~1.5 s for a worker, past a
    // 700 ms origin timeout however fast the machine is (a slower one only queues more). Healthy:
    // 64 workers and the default 100 s origin timeout, so nothing can time out.
    const bad = await burst(await sim('seed-report', { ...fast, originTimeoutMs: 700 }), 120);
    const good = await burst(await sim('healthy', fast), 120);
    expect(bad.s524).toBeGreaterThan(0);
    expect(bad.s524).toBe(bad.gateway);
    expect(bad.ok + bad.s524).toBe(120);
    expect(good).toEqual({ s524: 0, ok: 120, gateway: 0 });
  });

  it('/connect/token scans the whole user table per login under seed-report (no email index), not under healthy', async () => {
    const scans = async (h: Harness) => {
      const state = h.sim.runtime.state;
      const scannedBy = async (email: string) => {
        const before = state.usersScanned;
        await h.login(email);
        return state.usersScanned - before;
      };
      const small = await h.seed(1000, 'tok');
      const smallScan = await scannedBy(small.at(-1)!.email);
      await h.req('/_sim/seed-users', { method: 'POST', json: { count: 60_000, emailPrefix: 'tok', startIndex: 1001, password: 'Passw0rd!', details: false } });
      const bigScan = await scannedBy('tok60999@teml.net');
      return { smallScan, bigScan, users: state.users.length };
    };
    const seed = await scans(await sim('seed-report', { timeScale: 0.01 }));
    const healthy = await scans(await sim('healthy', { timeScale: 0.01 }));
    expect(seed.smallScan).toBeGreaterThanOrEqual(1000);
    expect(seed.bigScan).toBeGreaterThanOrEqual(seed.smallScan + 59_999);
    expect(seed.bigScan).toBeLessThanOrEqual(seed.users);
    expect(healthy).toMatchObject({ smallScan: 0, bigScan: 0 });
  });

  it('invitation redeem and account PUT burn their configured CPU under seed-report, none under healthy', async () => {
    const burnt = async (h: Harness) => {
      const u = await h.user('cpu');
      const inviter = await h.user('cpuinv');
      const before = h.sim.runtime.stats.faultCpuMsTotal;
      for (let i = 0; i < 15; i++) {
        await h.req('/api/godgpt/invitation/redeem', { method: 'POST', token: u.token, json: { inviteCode: inviter.inviteCode } });
        await h.req('/api/godgpt/account', { method: 'PUT', token: u.token, json: { fullName: `n${i}`, birthDate: '03/15/1995' } });
      }
      const metrics = (await h.req('/metrics')).text;
      return { ms: h.sim.runtime.stats.faultCpuMsTotal - before, exported: Number(/^sim_fault_cpu_seconds_total (\S+)$/m.exec(metrics)?.[1]) };
    };
    const seedSim = await sim('seed-report', { timeScale: 0.01 });
    const { redeemCpuMs, accountPutCpuMs } = seedSim.sim.runtime.config.faults;
    expect(redeemCpuMs).toBeGreaterThan(0);
    expect(accountPutCpuMs).toBeGreaterThan(0);
    const seed = await burnt(seedSim);
    expect(seed.ms).toBe(15 * (redeemCpuMs + accountPutCpuMs));
    expect(seed.exported * 1000).toBeGreaterThanOrEqual(seed.ms);
    expect(await burnt(await sim('healthy', { timeScale: 0.01 }))).toEqual({ ms: 0, exported: 0 });
  });

  it('sessions are retained after load under seed-report and released under healthy', async () => {
    const load = async (h: Harness) => {
      const u = await h.user('mem');
      const ids = await Promise.all(Array.from({ length: 200 }, () => newSession(h, u.token)));
      for (const id of ids.slice(0, 100)) await h.req(`/api/godgpt/chat/${id}`, { method: 'DELETE', token: u.token });
      await new Promise((r) => setTimeout(r, 400));
      const metrics = (await h.req('/metrics')).text;
      const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1]);
      return { sessions: value('sim_sessions_held'), bytes: value('sim_session_bytes') };
    };
    const before = process.memoryUsage().arrayBuffers;
    const leaky = await load(await sim('seed-report', { timeScale: 0.01 }));
    const retained = process.memoryUsage().arrayBuffers - before;
    expect(leaky.sessions).toBe(200);
    expect(leaky.bytes).toBe(200 * 32 * 1024);
    expect(retained).toBeGreaterThan(0.9 * 200 * 32 * 1024);
    const healthy = await load(await sim('healthy', { timeScale: 0.01, sessionIdleTtlMs: 200 }));
    expect(healthy.sessions).toBe(0);
    expect(healthy.bytes).toBe(0);
  });

  it('healthy evicts cold state, not sessions: no cap per user, and an owned session id keeps answering', async () => {
    const capped = await sim('healthy', { timeScale: 0.01, maxSessionsTotal: 50 });
    const u = await capped.user('cap');
    const ids: string[] = [];
    for (let i = 0; i < 120; i++) ids.push(await newSession(capped, u.token));
    const state = capped.sim.runtime.state;
    expect(state.hot.size).toBe(50);
    expect(state.sessionBytes).toBe(50 * 8 * 1024);
    const list = (await capped.req('/api/godgpt/session-list', { token: u.token })).json() as { data: { sessionId: string }[] };
    expect(list.data.map((s) => s.sessionId)).toEqual(ids);
    const info = (await capped.req(`/api/godgpt/session-info/${ids[0]}`, { token: u.token })).json() as { data: { sessionId: string } };
    expect(info.data.sessionId).toBe(ids[0]);
  });

  it('logged-in chat waits an extra time to first token under seed-report, none under healthy', async () => {
    const ttft = async (h: Harness) => {
      const u = await h.user('ttft');
      const sid = await newSession(h, u.token);
      const waited: number[] = [];
      await Promise.all(Array.from({ length: 5 }, async () => {
        const s = performance.now();
        const r = await fetch(`${h.url}/api/gotgpt/chat`, { method: 'POST', headers: { authorization: `Bearer ${u.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ sessionId: sid, content: 'x' }) });
        waited.push(performance.now() - s);
        await r.text();
      }));
      return { waitedMs: waited.reduce((a, b) => a + b, 0), addedMs: h.sim.runtime.stats.faultTtftMsTotal };
    };
    const seed = await ttft(await sim('seed-report', { timeScale: 0.2 }));
    const healthy = await ttft(await sim('healthy', { timeScale: 0.2 }));
    // Headers follow the first token and a timer never fires early: the client waited at least
    // what the fault added (5 draws of its 1.2 s median × timeScale 0.2).
    expect(seed.addedMs).toBeGreaterThan(0);
    expect(seed.waitedMs).toBeGreaterThanOrEqual(seed.addedMs);
    expect(healthy.addedMs).toBe(0);
  });
});

describe('new users: first activation and initialisation', () => {
  it("a new user's first authenticated call initialises them (extra CPU under seed-report), once; old users and logins never do", async () => {
    const firstCalls = async (h: Harness) => {
      const seeded = (await h.req('/_sim/seed-users', { method: 'POST', json: { count: 1, emailPrefix: 'fresh', newUsers: true } })).json() as { users: { email: string }[] };
      const token = (await h.login(seeded.users[0]!.email)).access_token;
      const account = () => h.req('/api/godgpt/account', { token }).then((r) => (r.json() as { data: { credits: { isInitialized: boolean } } }).data.credits.isInitialized);
      const stats = h.sim.runtime.stats;
      const before = { inits: stats.newUserInitsTotal, cpu: stats.faultCpuMsTotal };
      const list = (await h.req('/api/godgpt/session-list', { token }).then((r) => r.json())) as { data: unknown[] };
      const after1 = { inits: stats.newUserInitsTotal, cpu: stats.faultCpuMsTotal };
      const initialised = await account();
      await h.user('old');
      return { emptyList: list.data.length === 0, inits: after1.inits - before.inits, cpuMs: after1.cpu - before.cpu, initialised, total: stats.newUserInitsTotal - before.inits };
    };
    expect(await firstCalls(await sim('seed-report', { timeScale: 0.02 }))).toEqual({ emptyList: true, inits: 1, cpuMs: 45, initialised: true, total: 1 });
    expect(await firstCalls(await sim('healthy', { timeScale: 0.02 }))).toEqual({ emptyList: true, inits: 1, cpuMs: 3, initialised: true, total: 1 });
  });
});
