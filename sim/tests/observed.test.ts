import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { GodGptApi } from '../../helpers/client/api.ts';
import { MIN_DOTNET_DATE } from '../../helpers/schemas/index.ts';
import { buildMultipart, type RequestSpec } from '../../src/index.ts';
import { startHarness, type Harness } from './harness.ts';

/** The simulator answers as the real API was observed to (§20 of the API reference), judged by the load's checks. */

let h: Harness | undefined;
let fake: Server | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await new Promise<void>((r) => (fake ? fake.close(() => r()) : r()));
  fake = undefined;
});

interface Answer { status: number; body: string; data: unknown; verdict: unknown; correlationId: string | null }

async function ask(spec: RequestSpec): Promise<Answer> {
  const headers: Record<string, string> = { ...spec.headers };
  let payload: string | Blob | undefined = spec.body as string | undefined;
  if (spec.multipart) {
    const mp = buildMultipart(spec.multipart);
    payload = new Blob([new Uint8Array(mp.body)]);
    headers['content-type'] = mp.contentType;
  }
  const res = await fetch(spec.url, { method: spec.method ?? 'GET', headers, body: payload });
  const body = await res.text();
  const verdict = spec.check?.({ status: res.status, headers: Object.fromEntries([...(res.headers as unknown as Iterable<[string, string]>)]), body });
  let data: unknown;
  try {
    data = (JSON.parse(body) as { data?: unknown }).data;
  } catch {
    data = undefined;
  }
  return { status: res.status, body, data, verdict, correlationId: res.headers.get('x-correlation-id') };
}

async function setup(config: Parameters<typeof startHarness>[1] = {}) {
  h = await startHarness('fast', config);
  const api = new GodGptApi({ baseUrl: h.url });
  const user = await h.user('observed');
  const sessionId = (await ask(api.createSession(user.token))).data as string;
  return { api, user, token: user.token, sessionId };
}

describe('simulator as observed on the real API (§20)', () => {
  it('share/keyword asks the model: its content comes from SIM_LLM_URL\'s model, and a missing sessionId is no validation error', async () => {
    let calls = 0;
    fake = createServer((_req, res) => {
      calls++;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const d of ['Calm ', 'breath.']) res.write(`data: ${JSON.stringify({ choices: [{ delta: { content: d } }] })}\n\n`);
      res.end('data: [DONE]\n\n');
    });
    await new Promise<void>((r) => fake!.listen(0, '127.0.0.1', r));
    const { api, token, sessionId } = await setup({ llmEndpoint: { url: `http://127.0.0.1:${(fake.address() as AddressInfo).port}`, model: 'm' } });
    const r = await ask(api.shareKeyword(token, sessionId, 'I learnt to breathe'));
    expect([r.status, r.verdict]).toEqual([200, undefined]);
    expect(r.data).toEqual({ success: true, content: 'Calm breath.' });
    expect(calls).toBe(1);
    const noSession = await ask(api.shareKeyword(token, ''));
    expect([noSession.verdict, calls]).toEqual([undefined, 2]);
  });

  it('share/keyword follows SIM_LLM: the upstream limits of real-llm apply, and a model that fails is an api error, not a success', async () => {
    const { api, token, sessionId } = await setup({ llm: 'real-llm', llmOverrides: { rateLimitRatio: 1, timeoutRatio: 0, maxRetries: 0 } });
    const r = await ask(api.shareKeyword(token, sessionId));
    expect(r.verdict).toMatchObject({ apiCode: '50000' });
    expect(h!.sim.runtime.llmSource.stats.rateLimitedTotal).toBe(1);
  });

  it('credits/history is a paged object; verify-receipt answers "20000" with success:false for an invalid receipt', async () => {
    const { api, token } = await setup();
    const history = await ask(api.creditsHistory(token));
    expect([history.verdict, history.data]).toEqual([undefined, { items: [], totalCount: 0, pageNo: 1, pageSize: 10 }]);
    const receipt = await ask(api.verifyReceipt(token, 'MIIT-not-a-receipt'));
    expect(receipt.verdict).toBeUndefined();
    expect(JSON.parse(receipt.body)).toMatchObject({ code: '20000', data: { success: false } });
  });

  it('chat history persists after its session goes cold (idle), and search still finds it', async () => {
    const { api, token, sessionId } = await setup();
    expect((await ask(api.chat(token, sessionId, 'Teach me calm breathing'))).status).toBe(200);
    const state = h!.sim.runtime.state;
    expect(state.sweepIdle(Date.now() + 3_600_000)).toBeGreaterThan(0);
    expect(state.hot.has(sessionId)).toBe(false);
    const found = await ask(api.sessionSearch(token, 'breathing'));
    expect((found.data as { sessionId: string }[]).map((s) => s.sessionId)).toContain(sessionId);
    const history = await ask(api.chatHistory(token, sessionId));
    expect(history.verdict).toBeUndefined();
    expect((history.data as { chatRole: number; content: string }[]).map((m) => m.chatRole)).toEqual([0, 1]);
    expect((history.data as { content: string }[])[0]!.content).toBe('Teach me calm breathing');
  });

  it('payments without a subscription have subscription dates "0001-01-01T00:00:00", and membershipLevel is a string or null', async () => {
    const { api } = await setup();
    const seeded = (await h!.req('/_sim/seed-users', { method: 'POST', json: { count: 1, emailPrefix: 'payer', paymentsPerUser: 2 } })).json() as { users: { email: string }[] };
    const payer = await h!.login(seeded.users[0]!.email);
    const list = await ask(api.paymentList(payer.access_token));
    expect(list.verdict).toBeUndefined();
    for (const p of list.data as Record<string, unknown>[]) {
      expect(p).toMatchObject({ subscriptionStartDate: MIN_DOTNET_DATE, subscriptionEndDate: MIN_DOTNET_DATE });
      expect(p['membershipLevel'] === null || typeof p['membershipLevel'] === 'string').toBe(true);
    }
  });

  it('X-Correlation-Id is 32 random lowercase hex characters', async () => {
    const { api, token } = await setup();
    const ids = await Promise.all(Array.from({ length: 6 }, async () => (await ask(api.account(token))).correlationId));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(ids.map((id) => id!.slice(0, 16))).size).toBe(ids.length);
    expect(new Set(ids.map((id) => id!.slice(16))).size).toBe(ids.length);
  });

  it('an image chat costs more than a text chat: each image adds model time before the first token', async () => {
    const { api, token, sessionId } = await setup();
    const stats = h!.sim.runtime.stats;
    expect((await ask(api.chat(token, sessionId, 'plain text'))).status).toBe(200);
    expect(stats.imageTtftMsTotal).toBe(0);
    const names = await Promise.all([0, 1].map(async () => (await ask(api.uploadBlob(token, new Uint8Array(256)))).data as string));
    expect((await ask(api.chat(token, sessionId, 'what is in these?', { images: names }))).status).toBe(200);
    expect(stats.imageTtftMsTotal).toBeGreaterThan(0);
  });
});
