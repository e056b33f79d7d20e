import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IterationContext, RequestResult, RequestSpec } from '../../src/index.ts';
import { createSimServer, type SimServer } from '../../sim/server.ts';
import { resolveConfig } from '../config.ts';
import { resolveEndpoint } from '../resolve-endpoint.ts';
import { iterationsNeeded } from '../new-users.ts';
import { deleteSessionFlow, imageChatFlow } from '../session-flows.ts';
import { SuiteContext } from '../suite-context.ts';
import { seedChatImages } from './chat-images.ts';
import { seedOneUseSessions } from './one-use-sessions.ts';
import { seedShares } from './shares.ts';
import { useSuiteEndpoints } from '../../perf/endpoints/index.ts';

// The helpers under test find the suite's endpoints as an entry point hands them over.
useSuiteEndpoints();

/** An iteration context that sends each request with fetch and records what was sent (name, measured or not, envelope code). */
function recordingCtx(sent: { name: string; measured: boolean; code: string | undefined }[]): IterationContext {
  return {
    request: async (spec: RequestSpec) => {
      const res = await fetch(spec.url, { method: spec.method ?? 'GET', headers: spec.headers, body: typeof spec.body === 'string' ? spec.body : undefined });
      const body = await res.text();
      const code = spec.sse ? undefined : (JSON.parse(body) as { code?: string }).code;
      sent.push({ name: spec.name ?? '', measured: spec.measure !== false, code });
      return { status: res.status, outcome: res.status === 200 && (code === undefined || code === '20000') ? 'ok' : 'api_error', body } as RequestResult;
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
  sim = await createSimServer({ profile: 'healthy', config: { timeScale: 0.02, llmOverrides: { tokensMin: 5, tokensMax: 8 } } });
  suite = new SuiteContext(resolveConfig({ PERF_POOL_SIZE: '3' }), sim.url);
});
afterAll(async () => {
  await suite.close();
  await sim.close();
});

describe('set-up of the P2 endpoints against the simulator', () => {
  it('scales one-use set-up with the profile: the kit says how many iterations the run starts', () => {
    const smoke = resolveEndpoint('delete-session', resolveConfig({ PERF_PROFILE: 'smoke' }), {});
    const pr = resolveEndpoint('delete-session', resolveConfig({ PERF_PROFILE: 'pr' }), {});
    // pr: 15/s for half the 3 s ramp, the 8 s hold of a P2 endpoint and 1 s of warm-up, 15% margin, +20.
    expect(iterationsNeeded(pr)).toBe(Math.ceil((1.5 + 8 + 1) * 15 * 1.15) + 20);
    expect(iterationsNeeded(smoke)).toBeLessThan(iterationsNeeded(pr));
    expect(suite.kit(pr).iterations).toBe(iterationsNeeded(pr));
  });

  it('one-use sessions: each handed out once, users interleaved; once used up, a delete still has a session of its own', async () => {
    const pool = await suite.pool();
    const sessions = await seedOneUseSessions(suite.client, pool, 5);
    expect(sessions.size).toBe(6); // 2 per user for 3 users
    const seen = new Set<string>();
    const users: number[] = [];
    for (let i = 0; i < sessions.size; i++) {
      const s = sessions.take()!;
      seen.add(s.sessionId);
      users.push(s.user.index);
    }
    expect(seen.size).toBe(6);
    expect(users.slice(0, 3).sort()).toEqual([0, 1, 2]);
    expect(sessions.take()).toBeUndefined();
    expect(sessions.shortfall).toBe(1);

    const fresh = await seedOneUseSessions(suite.client, pool, 2);
    const sent: { name: string; measured: boolean; code: string | undefined }[] = [];
    for (let i = 0; i < 5; i++) await deleteSessionFlow(recordingCtx(sent), suite.client.api, pool, fresh);
    const measured = sent.filter((r) => r.measured);
    expect(measured.map((r) => [r.name, r.code])).toEqual(Array(5).fill(['delete-session', '20000']));
    // 2 prepared, then 3 iterations made their own session first, unmeasured.
    expect(fresh.size).toBe(2);
    expect(sent.filter((r) => !r.measured).map((r) => r.name)).toEqual(['create-session', 'create-session', 'create-session']);
    expect(fresh.shortfall).toBe(3);
  });

  it('shares: each string is a shared conversation with its exchange, readable without a token', async () => {
    const shares = await seedShares(suite.client, await suite.pool(), 5, 'How do I breathe slowly?');
    expect(shares.size).toBe(3); // one per pooled user
    const res = await fetch(`${sim.url}/api/godgpt/share/${shares.next()}`);
    const body = (await res.json()) as { code: string; data: { content: string }[] };
    expect(body.code).toBe('20000');
    expect(body.data.length).toBe(2);
    expect(body.data[0]!.content).toBe('How do I breathe slowly?');
  });

  it('chat images: uploaded before the run (multipart through the set-up client), then sent in a chat', async () => {
    const pool = await suite.pool();
    const images = await seedChatImages(suite.client, pool, 10);
    expect(images.size).toBe(3);
    const uploaded = Array.from({ length: images.size }, () => images.next().image);
    for (const name of uploaded) expect(sim.runtime.state.blobs.has(name)).toBe(true);
    const sent: { name: string; measured: boolean; code: string | undefined }[] = [];
    await imageChatFlow(recordingCtx(sent), suite.client.api, pool, images, 'What is in this picture?');
    expect(sent.map((r) => [r.name, r.measured])).toEqual([['create-session', false], ['chat', true]]);
    const keys = [...sim.runtime.state.sessions.values()].flatMap((x) => sim.runtime.state.historyOf(x).flatMap((m) => m.imageKeys));
    expect(keys).toEqual([uploaded[0]]);
  });
});
