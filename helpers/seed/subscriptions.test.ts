import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IterationContext, RequestResult, RequestSpec } from '../../src/index.ts';
import { createSimServer, type SimServer } from '../../sim/server.ts';
import type { TokenPool } from '../auth/token-pool.ts';
import type { GodGptClient } from '../client/godgpt-client.ts';
import { resolveConfig } from '../config.ts';
import { invalidReceiptBase64 } from '../fixtures/receipt.ts';
import { cancelSubscriptionFlow, checkoutPriceId } from '../payment-flows.ts';
import { isScenarioSkip } from '../scenario-skip.ts';
import { SuiteContext } from '../suite-context.ts';
import { seedSubscriptions } from './subscriptions.ts';
import { useSuiteEndpoints } from '../../perf/endpoints/index.ts';

// The helpers under test find the suite's endpoints as an entry point hands them over.
useSuiteEndpoints();

/** An iteration context that sends each request with fetch and records what was sent (name, measured or not, envelope code). */
function recordingCtx(sent: { name: string; measured: boolean; code: string | undefined }[]): IterationContext {
  return {
    request: async (spec: RequestSpec) => {
      const res = await fetch(spec.url, { method: spec.method ?? 'GET', headers: spec.headers, body: typeof spec.body === 'string' ? spec.body : undefined });
      const body = await res.text();
      const json = JSON.parse(body) as { code?: string };
      sent.push({ name: spec.name ?? '', measured: spec.measure !== false, code: json.code });
      const ok = res.status === 200 && (json.code === undefined || json.code === '20000');
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
  suite = new SuiteContext(resolveConfig({ PERF_POOL_SIZE: '3' }), sim.url);
});
afterAll(async () => {
  await suite.close();
  await sim.close();
});

describe('set-up of the payment endpoints', () => {
  it('subscriptions to cancel: each handed out once, users interleaved; once used up, a cancel still has one of its own', async () => {
    const pool = await suite.pool();
    const subscriptions = await seedSubscriptions(suite.client, pool, 5);
    expect(subscriptions.size).toBe(6); // 2 per user for 3 users
    const sent: { name: string; measured: boolean; code: string | undefined }[] = [];
    const ctx = recordingCtx(sent);
    const users: number[] = [];
    for (let i = 0; i < 3; i++) users.push((await peek(subscriptions)).user.index);
    expect(new Set(users).size).toBe(3);
    const runs = subscriptions.left + 2;
    for (let i = 0; i < runs; i++) await cancelSubscriptionFlow(ctx, suite.client.api, pool, subscriptions);
    const cancels = sent.filter((s) => s.name === 'payment-cancel-subscription');
    expect(cancels).toHaveLength(subscriptions.size - 3 + 2);
    expect(cancels.every((s) => s.measured && s.code === '20000')).toBe(true);
    expect(sent.filter((s) => s.name === 'seed-subscriptions')).toEqual([
      { name: 'seed-subscriptions', measured: false, code: undefined },
      { name: 'seed-subscriptions', measured: false, code: undefined },
    ]);
    expect(subscriptions.shortfall).toBe(2);
  });

  it('a target without the simulator seed route: the scenario is skipped with its reason after one request, nothing is cancelled', async () => {
    const sent: string[] = [];
    const client = {
      baseUrl: 'https://qa:secret@api.example.test',
      setup: { send: async (spec: RequestSpec) => (sent.push(spec.url), { status: 404, body: '<html>Not Found</html>' }) },
    } as unknown as GodGptClient;
    const pool = { size: 2, user: (i: number) => ({ index: i, email: `u${i}@teml.net`, token: 't' }) } as unknown as TokenPool;
    const err = await seedSubscriptions(client, pool, 10).catch((e: unknown) => e);
    expect(isScenarioSkip(err)).toBe(true);
    expect((err as Error).message).toMatch(/needs active subscriptions to cancel.*only the simulator makes them/);
    expect(sent).toEqual(['https://qa:secret@api.example.test/_sim/seed-subscriptions']);
    expect((err as Error).message).toContain('api.example.test has no such route');
    expect((err as Error).message).not.toContain('secret');
  });

  it('checkout takes a price the products list offers; the receipt is an invalid one the API answers success:false', async () => {
    const pool = await suite.pool();
    const token = pool.user(0).token;
    const priceId = await checkoutPriceId(suite.client, token);
    expect(priceId).toMatch(/^price_/);
    const receipt = invalidReceiptBase64();
    expect(receipt.startsWith('MII')).toBe(true);
    const sent: { name: string; measured: boolean; code: string | undefined }[] = [];
    const res = await recordingCtx(sent).request(suite.client.api.verifyReceipt(token, receipt));
    expect(res.outcome).toBe('ok');
    expect(JSON.parse(res.body!)).toMatchObject({ code: '20000', data: { success: false } });
  });
});

/** Takes one subscription and cancels it outside any flow, so the order of users is visible. */
async function peek(subscriptions: Awaited<ReturnType<typeof seedSubscriptions>>) {
  const s = subscriptions.take()!;
  const res = await fetch(`${sim.url}/api/godgpt/payment/cancel-subscription`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.user.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ subscriptionId: s.subscriptionId }),
  });
  expect(((await res.json()) as { code: string }).code).toBe('20000');
  return s;
}
