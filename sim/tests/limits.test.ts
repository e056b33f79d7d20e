import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelope, errorEnvelopeSchema, guestLimitsSchema } from '../../helpers/schemas/index.ts';
import { startHarness, sseData, WEBM_BASE64, type Harness } from './harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness('fast');
});
afterAll(() => h.close());

async function guestChat(ip: string) {
  await h.req('/api/godgpt/guest/create-session', { method: 'POST', ip, json: { guider: '' } });
  return h.req('/api/godgpt/guest/chat', { method: 'POST', ip, json: { content: 'hello' } });
}

describe('guest limits', () => {
  it('allows 3 chats per IP, then 429; other IPs are unaffected', async () => {
    const ip = '192.0.2.10';
    for (let i = 0; i < 3; i++) expect((await guestChat(ip)).status).toBe(200);
    const denied = await guestChat(ip);
    expect([denied.status, denied.text]).toEqual([429, 'Daily chat limit exceeded.']);
    const limits = envelope(guestLimitsSchema).parse((await h.req('/api/godgpt/guest/limits', { ip })).json());
    expect(limits.data).toEqual({ remainingChats: 0, totalAllowed: 3 });
    const cs = envelope(guestLimitsSchema).parse((await h.req('/api/godgpt/guest/create-session', { method: 'POST', ip, json: {} })).json());
    expect(cs.data.remainingChats).toBe(0);
    expect((await guestChat('192.0.2.11')).status).toBe(200);
  });

  it('identifies guests by the first X-Forwarded-For entry, then X-Real-IP', async () => {
    for (let i = 0; i < 3; i++) expect((await guestChat(`192.0.2.20, 10.0.0.${i}`)).status).toBe(200);
    expect((await guestChat('192.0.2.20')).status).toBe(429);
    const real = (ip: string) => ({ headers: { 'x-real-ip': ip } });
    await h.req('/api/godgpt/guest/create-session', { method: 'POST', ...real('192.0.2.30'), json: {} });
    expect((await h.req('/api/godgpt/guest/chat', { method: 'POST', ...real('192.0.2.30'), json: { content: 'x' } })).status).toBe(200);
  });

  it('pressure-environment limits let a load test run past 3 chats', async () => {
    const big = await startHarness('fast', { guestChatLimit: 1000 });
    try {
      const ip = '192.0.2.40';
      for (let i = 0; i < 5; i++) {
        await big.req('/api/godgpt/guest/create-session', { method: 'POST', ip, json: {} });
        expect((await big.req('/api/godgpt/guest/chat', { method: 'POST', ip, json: { content: 'x' } })).status).toBe(200);
      }
    } finally {
      await big.close();
    }
  });
});

describe('message quotas', () => {
  it('denies with a -99 chunk inside a 200 stream after 25 messages (non-subscriber bucket)', async () => {
    const u = await h.user('quota');
    const sid = ((await h.req('/api/godgpt/create-session', { method: 'POST', token: u.token, json: {} })).json() as { data: string }).data;
    const chat = () => h.req('/api/gotgpt/chat', { method: 'POST', token: u.token, json: { sessionId: sid, content: 'x' } });
    const results = await Promise.all(Array.from({ length: 25 }, chat));
    expect(results.every((r) => r.status === 200 && sseData(r.text).at(-1)?.['SerialNumber'] !== -99)).toBe(true);
    const denied = await chat();
    expect(denied.status).toBe(200);
    const chunks = sseData(denied.text);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({ SerialNumber: -99, IsLastChunk: true, ErrorCode: 0, Response: 'Message limit reached. Please try again later.' });
    expect(denied.text.endsWith('event: completed\n')).toBe(true);
  });

  it('denies when credits run out (320 initial, 10 per message)', async () => {
    const poor = await startHarness('fast', { initialCredits: 20 });
    try {
      const u = await poor.user('poor');
      const sid = ((await poor.req('/api/godgpt/create-session', { method: 'POST', token: u.token, json: {} })).json() as { data: string }).data;
      const chat = () => poor.req('/api/gotgpt/chat', { method: 'POST', token: u.token, json: { sessionId: sid, content: 'x' } });
      await chat();
      await chat();
      expect(sseData((await chat()).text)[0]).toMatchObject({ SerialNumber: -99, Response: "You've run out of credits." });
      const acc = (await poor.req('/api/godgpt/account', { token: u.token })).json() as { data: { credits: { credits: number } } };
      expect(acc.data.credits.credits).toBe(0);
    } finally {
      await poor.close();
    }
  });

  it('voice has its own 10-message bucket and denies with ErrorCode 20004 after the transcript', async () => {
    const u = await h.user('voicequota');
    const sid = ((await h.req('/api/godgpt/create-session', { method: 'POST', token: u.token, json: {} })).json() as { data: string }).data;
    const voice = () => h.req('/api/godgpt/voice/chat', { method: 'POST', token: u.token, json: { sessionId: sid, content: WEBM_BASE64, voiceLanguage: 0 } });
    await Promise.all(Array.from({ length: 10 }, voice));
    const chunks = sseData((await voice()).text);
    expect(chunks[0]).toMatchObject({ SerialNumber: 0, VoiceContentType: 0 });
    expect(chunks[1]).toMatchObject({ SerialNumber: -99, ErrorCode: 20004, IsLastChunk: true });
  });
});

describe('uploads and bodies', () => {
  const upload = (token: string, form: FormData) => h.req('/api/godgpt/blob', { method: 'POST', token, body: form });
  const file = (bytes: number, field = 'File') => {
    const f = new FormData();
    f.append(field, new Blob([Buffer.alloc(bytes, 3)]), 'a.jpg');
    return f;
  };

  it('rejects files over 10 MiB and requests without a File field', async () => {
    const u = await h.user('upload');
    const big = await upload(u.token, file(10 * 1024 * 1024 + 1));
    expect(big.status).toBe(200);
    expect(errorEnvelopeSchema.parse(big.json()).message).toMatch(/too large/);
    const wrongField = await upload(u.token, file(100, 'image'));
    expect(errorEnvelopeSchema.parse(wrongField.json()).message).toBe('The File field is required.');
    const notMultipart = await h.req('/api/godgpt/blob', { method: 'POST', token: u.token, json: { File: 'x' } });
    expect(errorEnvelopeSchema.parse(notMultipart.json()).code).toBe('50000');
    expect((await upload(u.token, file(10 * 1024 * 1024))).status).toBe(200);
    expect((await h.req('/api/godgpt/blob', { method: 'POST', body: file(10) })).status).toBe(401);
  });

  it('enforces the daily upload limit', async () => {
    const small = await startHarness('fast', { uploadDailyLimit: 2 });
    try {
      const u = await small.user('daily');
      const up = () => small.req('/api/godgpt/blob', { method: 'POST', token: u.token, body: file(10) });
      expect((await up()).status).toBe(200);
      expect((await up()).status).toBe(200);
      const third = await up();
      expect(errorEnvelopeSchema.parse(third.json()).message).toBe('Daily upload limit reached. Upgrade to premium to continue.');
      const can = (await small.req('/api/godgpt/can-upload-image', { token: u.token })).json() as { data: { canUpload: boolean } };
      expect(can.data.canUpload).toBe(false);
    } finally {
      await small.close();
    }
  });

  it('answers malformed and oversized JSON without crashing', async () => {
    const u = await h.user('bodies');
    const bad = await h.req('/api/godgpt/account', { method: 'PUT', token: u.token, body: '{"fullName":', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(200);
    expect(errorEnvelopeSchema.parse(bad.json()).code).toBe('-1');
    const huge = await h.req('/api/godgpt/account', { method: 'PUT', token: u.token, json: { fullName: 'x'.repeat(2 * 1024 * 1024) } });
    expect(huge.status).toBe(413);
    const arr = await h.req('/api/godgpt/invitation/redeem', { method: 'POST', token: u.token, json: [1, 2] });
    expect(errorEnvelopeSchema.parse(arr.json()).code).toBe('-1');
    expect((await h.req('/api/query/user-id', { token: u.token })).status).toBe(200);
  });
});
