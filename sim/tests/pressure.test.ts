import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, sseData, type Harness } from './harness.ts';

describe('pressure mode (ST-P build)', () => {
  let on: Harness;
  let off: Harness;
  beforeAll(async () => {
    on = await startHarness('fast', { pressureMode: true });
    off = await startHarness('fast');
  });
  afterAll(async () => {
    await on.close();
    await off.close();
  });

  it('guest endpoints honour a body ip only when on', async () => {
    for (let i = 0; i < 3; i++) {
      await on.req('/api/godgpt/guest/create-session', { method: 'POST', json: { guider: '', ip: `10.9.0.${i}` } });
      expect((await on.req('/api/godgpt/guest/chat', { method: 'POST', json: { content: 'x', ip: `10.9.0.${i}` } })).status).toBe(200);
    }
    // Same socket IP, 3 different body IPs: 3 guests with 2 chats left each.
    for (let i = 0; i < 3; i++) {
      await off.req('/api/godgpt/guest/create-session', { method: 'POST', json: { guider: '', ip: `10.9.0.${i}` } });
      await off.req('/api/godgpt/guest/chat', { method: 'POST', json: { content: 'x', ip: `10.9.0.${i}` } });
    }
    const denied = await off.req('/api/godgpt/guest/chat', { method: 'POST', json: { content: 'x', ip: '10.9.0.99' } });
    expect(denied.status).toBe(429);
  });

  it('a body userId acts for another user and chat skips the ownership check', async () => {
    const u = await on.user('press');
    const other = '6f1c2a34-1111-4222-8333-444455556666';
    const sid = ((await on.req('/api/godgpt/create-session', { method: 'POST', token: u.token, json: { userId: other } })).json() as { data: string }).data;
    expect(on.sim.runtime.state.sessions.get(sid)?.owner).toBe(other);
    const chat = await on.req('/api/gotgpt/chat', { method: 'POST', token: u.token, json: { sessionId: sid, content: 'hi', userId: other } });
    expect(sseData(chat.text).at(-1)).toMatchObject({ IsLastChunk: true, SessionId: sid });
    const random = await on.req('/api/gotgpt/chat', { method: 'POST', token: u.token, json: { sessionId: '0d9e1c1e-5a4b-4c3d-9e8f-7a6b5c4d3e2f', content: 'hi' } });
    expect(random.status).toBe(200);
    expect(((await on.req('/api/godgpt/account/show-toast', { method: 'POST', token: u.token, json: { userId: other } })).json() as { data: string }).data).toBe(other);
    const v = await off.user('strict');
    const ignored = ((await off.req('/api/godgpt/account/show-toast', { method: 'POST', token: v.token, json: { userId: other } })).json() as { data: string }).data;
    expect(ignored).toBe(v.id);
    const foreign = await off.req('/api/gotgpt/chat', { method: 'POST', token: v.token, json: { sessionId: sid, content: 'hi' } });
    expect(foreign.status).toBe(400);
  });

  it('reads body fields case-insensitively, as ASP.NET model binding does: show-toast {id, UserId} as LT sends it', async () => {
    const u = await on.user('pascal');
    const other = '7a2b3c4d-2222-4333-8444-555566667777';
    const toast = await on.req('/api/godgpt/account/show-toast', { method: 'POST', token: u.token, json: { id: u.id, UserId: other } });
    expect((toast.json() as { data: string }).data).toBe(other);
    const sid = ((await on.req('/api/godgpt/create-session', { method: 'POST', token: u.token, json: { Guider: 'g', USERID: other } })).json() as { data: string }).data;
    expect(on.sim.runtime.state.sessions.get(sid)).toMatchObject({ owner: other, guider: 'g' });
  });

  it('a chunked JSON body over the limit gets 413 without being buffered, and the server keeps serving', async () => {
    const u = await off.user('chunked');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${off.url}/api/godgpt/account`, { method: 'PUT', headers: { authorization: `Bearer ${u.token}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      const piece = Buffer.alloc(64 * 1024, 0x61);
      let sent = 0;
      const pump = () => {
        while (sent < 40) {
          sent++;
          if (!req.write(piece)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(status).toBe(413);
    expect((await off.req('/api/query/user-id', { token: u.token })).status).toBe(200);
  });
});
