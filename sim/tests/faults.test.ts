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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

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

  it('voice chat at ~80 QPS for 2.5 s gets 524s under seed-report and none under healthy', async () => {
    const burst = async (h: Harness) => {
      const u = await h.user('voice');
      const sid = await newSession(h, u.token);
      const statuses: Promise<number>[] = [];
      const body = JSON.stringify({ sessionId: sid, content: WEBM_BASE64, messageType: 1, voiceLanguage: 0 });
      const started = Date.now();
      await new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          if (Date.now() - started >= 2500) {
            clearInterval(timer);
            resolve();
            return;
          }
          statuses.push(fetch(`${h.url}/api/godgpt/voice/chat`, { method: 'POST', headers: { authorization: `Bearer ${u.token}`, 'content-type': 'application/json' }, body })
            .then(async (r) => (await r.text(), r.status), () => 0));
        }, 12.5);
      });
      const all = await Promise.all(statuses);
      return { total: all.length, s524: all.filter((s) => s === 524).length, ok: all.filter((s) => s === 200).length };
    };
    const fast = { originTimeoutMs: 1000, llmOverrides: { ttftMedianMs: 20, ttftP95Ms: 40, tokensMin: 8, tokensMax: 12 } };
    // A shorter origin timeout for seed-report: on a busy machine the interval fires late, the
    // queue grows more slowly, and a 1 s timeout only catches the last few requests.
    const bad = await burst(await sim('seed-report', { ...fast, originTimeoutMs: 700 }));
    const good = await burst(await sim('healthy', fast));
    expect(bad.total).toBeGreaterThan(120);
    expect(bad.s524).toBeGreaterThan(5);
    expect(good.s524).toBe(0);
    expect(good.ok).toBe(good.total);
  });

  it('/connect/token latency grows with the user table under seed-report (linear scan), not under healthy', async () => {
    const growth = async (h: Harness) => {
      const timeLogins = async (email: string) => {
        const t: number[] = [];
        for (let i = 0; i < 15; i++) {
          const s = performance.now();
          await h.login(email);
          t.push(performance.now() - s);
        }
        return median(t);
      };
      const small = await h.seed(1000, 'tok');
      const smallMs = await timeLogins(small.at(-1)!.email);
      await h.req('/_sim/seed-users', { method: 'POST', json: { count: 60_000, emailPrefix: 'tok', startIndex: 1001, password: 'Passw0rd!', details: false } });
      const bigMs = await timeLogins('tok60999@teml.net');
      return bigMs - smallMs;
    };
    const seedGrowth = await growth(await sim('seed-report', { timeScale: 0.01 }));
    const healthyGrowth = await growth(await sim('healthy', { timeScale: 0.01 }));
    expect(seedGrowth).toBeGreaterThan(1);
    expect(healthyGrowth).toBeLessThan(Math.max(0.5, seedGrowth / 3));
  });

  it('invitation redeem and account PUT burn CPU under seed-report', async () => {
    const cpuOf = async (h: Harness) => {
      const u = await h.user('cpu');
      const inviter = await h.user('cpuinv');
      const before = process.cpuUsage();
      for (let i = 0; i < 15; i++) {
        await h.req('/api/godgpt/invitation/redeem', { method: 'POST', token: u.token, json: { inviteCode: inviter.inviteCode } });
        await h.req('/api/godgpt/account', { method: 'PUT', token: u.token, json: { fullName: `n${i}`, birthDate: '03/15/1995' } });
      }
      const d = process.cpuUsage(before);
      return (d.user + d.system) / 1000;
    };
    const seedCpuMs = await cpuOf(await sim('seed-report', { timeScale: 0.01 }));
    const healthyCpuMs = await cpuOf(await sim('healthy', { timeScale: 0.01 }));
    // 15 × (13 ms + 90 ms) of busy loop.
    expect(seedCpuMs - healthyCpuMs).toBeGreaterThan(1000);
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
    const capped = await sim('healthy', { timeScale: 0.01 });
    const u = await capped.user('cap');
    await Promise.all(Array.from({ length: 120 }, () => newSession(capped, u.token)));
    expect(capped.sim.runtime.state.sessions.size).toBe(50);
  });

  it('logged-in chat has a much higher time to first token under seed-report', async () => {
    const ttft = async (h: Harness) => {
      const u = await h.user('ttft');
      const sid = await newSession(h, u.token);
      const t: number[] = [];
      await Promise.all(Array.from({ length: 5 }, async () => {
        const s = performance.now();
        const r = await fetch(`${h.url}/api/gotgpt/chat`, { method: 'POST', headers: { authorization: `Bearer ${u.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ sessionId: sid, content: 'x' }) });
        t.push(performance.now() - s);
        await r.text();
      }));
      return median(t);
    };
    const seed = await ttft(await sim('seed-report', { timeScale: 0.2 }));
    const healthy = await ttft(await sim('healthy', { timeScale: 0.2 }));
    expect(seed).toBeGreaterThan(healthy + 100);
  });
});
