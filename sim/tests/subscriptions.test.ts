import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('fast');
});
afterAll(() => h.close());

const envelope = (r: { json: () => unknown }) => r.json() as { code: string; data: unknown; message: string };

describe('subscriptions to cancel (POST /_sim/seed-subscriptions, payment/cancel-subscription)', () => {
  it('seeds subscriptions a user cancels one by one, each once', async () => {
    const u = await h.user('subs');
    const seeded = await h.req('/_sim/seed-subscriptions', { method: 'POST', json: { user: u.email, count: 3 } });
    expect(seeded.status, seeded.text).toBe(200);
    const { user, subscriptionIds } = seeded.json() as { user: string; subscriptionIds: string[] };
    expect(user).toBe(u.id);
    expect(new Set(subscriptionIds).size).toBe(3);
    const active = async () => (envelope(await h.req('/api/godgpt/payment/has-active-subscription', { token: u.token })).data as { hasActiveSubscription: boolean }).hasActiveSubscription;
    expect(await active()).toBe(true);

    const cancel = (subscriptionId: string) => h.req('/api/godgpt/payment/cancel-subscription', { method: 'POST', token: u.token, json: { subscriptionId } });
    expect(envelope(await cancel(subscriptionIds[0]!))).toMatchObject({ code: '20000' });
    expect(envelope(await cancel(subscriptionIds[0]!))).toMatchObject({ code: '50000' });
    expect(envelope(await cancel('sub_unknown'))).toMatchObject({ code: '50000' });
    expect(await active()).toBe(true);
    expect(envelope(await cancel(subscriptionIds[1]!))).toMatchObject({ code: '20000' });
    expect(envelope(await cancel(subscriptionIds[2]!))).toMatchObject({ code: '20000' });
    expect(await active()).toBe(false);
  });

  it("cannot cancel another user's subscription", async () => {
    const [a, b] = [await h.user('suba'), await h.user('subb')];
    const seeded = await h.req('/_sim/seed-subscriptions', { method: 'POST', json: { user: a.id, count: 1 } });
    const [id] = (seeded.json() as { subscriptionIds: string[] }).subscriptionIds;
    const other = await h.req('/api/godgpt/payment/cancel-subscription', { method: 'POST', token: b.token, json: { subscriptionId: id } });
    expect(envelope(other)).toMatchObject({ code: '50000' });
  });

  it('refuses a bad seed request naming the problem', async () => {
    expect((await h.req('/_sim/seed-subscriptions', { method: 'POST', json: { user: 'nobody@teml.net', count: 1 } })).status).toBe(404);
    const bad = await h.req('/_sim/seed-subscriptions', { method: 'POST', json: { user: 'x', count: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('count');
  });
});
