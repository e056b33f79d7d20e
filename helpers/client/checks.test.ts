import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GodGptApi } from './api.ts';
import { chunkCheck, envelopeCheck, isLastChunk, longListCheck, readEnvelope, sampledArray } from './checks.ts';

const GUID = '0b6f5b8e-3c1a-4f3e-9d2a-1e2f3a4b5c6d';
const res = (body: string) => ({ status: 200, headers: {}, body });
const chunk = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    ResponseType: 2, Response: 'Breathe in.', ChatId: GUID, IsLastChunk: false, SerialNumber: 1, SerialChunk: 0, SessionId: GUID,
    AudioData: null, AudioMetadata: null, ErrorCode: 0, VoiceContentType: 1, SuggestedItems: null, ...over,
  });

describe('envelope checks', () => {
  const check = envelopeCheck(z.object({ remainingChats: z.int(), totalAllowed: z.int() }));

  it('accepts code "20000" with data matching the schema', () => {
    expect(check(res('{"code":"20000","data":{"remainingChats":3,"totalAllowed":3},"message":""}'))).toBeUndefined();
  });

  it('an HTTP 200 with another code is an api error carrying the code and message, not invalid_body', () => {
    expect(check(res('{"code":"50000","data":null,"message":"Invalid Share string"}'))).toEqual({ apiCode: '50000', message: 'Invalid Share string' });
    const validation = '{"code":"-1","message":"Your request is not valid!","validationErrors":[{"memberNames":["InviteCode"],"errorMessage":"The InviteCode field is required."}]}';
    expect(check(res(validation))).toEqual({ apiCode: '-1', message: 'Your request is not valid! InviteCode: The InviteCode field is required.' });
    expect(readEnvelope('{"code":"50000","data":null,"message":"boom"}', z.null())).toMatchObject({ ok: false, reason: 'code "50000" instead of "20000" (boom)', apiCode: '50000' });
  });

  it('"20001" empty result is a success without data where the schema accepts null, an api error elsewhere', () => {
    const empty = '{"code":"20001","data":null,"message":"empty result"}';
    expect(envelopeCheck(z.null())(res(empty))).toBeUndefined();
    expect(envelopeCheck(z.guid().nullable())(res(empty))).toBeUndefined();
    expect(readEnvelope(empty, z.guid().nullable())).toEqual({ ok: true, data: null });
    expect(check(res(empty))).toEqual({ apiCode: '20001', message: 'empty result' });
  });

  it('rejects a numeric 20000: the code is a string', () => {
    expect(check(res('{"code":20000,"data":{"remainingChats":3,"totalAllowed":3},"message":""}'))).toMatch(/^code 20000 instead/);
  });

  it('rejects data that breaks the schema with the path', () => {
    expect(check(res('{"code":"20000","data":{"remainingChats":"3","totalAllowed":3},"message":""}'))).toMatch(/^data remainingChats: /);
  });

  it('rejects garbage, truncated and empty bodies', () => {
    expect(check(res('<html>502</html>'))).toMatch(/^not JSON/);
    expect(check(res('{"code":"20000","da'))).toMatch(/^not JSON/);
    expect(check(res(''))).toMatch(/^empty body/);
    expect(check(res('[1,2]'))).toMatch(/^not an envelope/);
  });

  it('sampledArray checks the envelope and array on every response and a spread of items', () => {
    const item = z.object({ id: z.int() });
    const list = (n: number, bad = -1) => JSON.stringify({ code: '20000', data: Array.from({ length: n }, (_, i) => (i === bad ? { id: 'x' } : { id: i })), message: '' });
    const sampled = envelopeCheck(sampledArray(item, 5));
    expect(sampled(res(list(4000)))).toBeUndefined();
    expect(sampled(res(list(3)))).toBeUndefined();
    expect(sampled(res(list(4000, 3999)))).toMatch(/^data 3999\.id: /);
    expect(sampled(res(list(4000, 17)))).toBeUndefined();
    expect(sampled(res('{"code":"20000","data":{"id":1},"message":""}'))).toMatch(/^data /);
  });

  it('longListCheck passes a compact success list on its framing and end items, and judges anything else fully', () => {
    const item = z.object({ id: z.int(), t: z.string() });
    const body = (items: unknown[], code = '20000') => JSON.stringify({ code, data: items, message: '' });
    const check = longListCheck(item);
    const items = Array.from({ length: 4000 }, (_, i) => ({ id: i, t: i === 7 ? 'a},{b' : 'x' }));
    expect(check(res(body(items)))).toBeUndefined();
    expect(check(res(body([])))).toBeUndefined();
    expect(check(res(body([{ id: 1, t: 'x' }])))).toBeUndefined();
    expect(check(res(body([...items.slice(0, 10), { id: 'bad', t: 'x' }])))).toMatch(/^data 10\.id: /);
    expect(check(res('{"code":"50000","data":null,"message":"boom"}'))).toEqual({ apiCode: '50000', message: 'boom' });
    expect(check(res(body(items).slice(0, 1000)))).toMatch(/^not JSON/);
    expect(check(res(JSON.stringify({ code: '20000', data: items, message: '' }, null, 1)))).toBeUndefined();
  });

  it('returns the typed data', () => {
    const r = readEnvelope('{"code":"20000","data":"x","message":""}', z.string());
    expect(r).toEqual({ ok: true, data: 'x' });
  });
});

describe('SSE chunk checks', () => {
  const ev = (data: string, event = 'message') => ({ event, data });

  it('accepts a valid chunk and finds the last one', () => {
    expect(chunkCheck(ev(chunk()))).toBeUndefined();
    expect(isLastChunk(ev(chunk()))).toBe(false);
    expect(isLastChunk(ev(chunk({ IsLastChunk: true })))).toBe(true);
  });

  it('a SerialNumber -99 denial stays a failure, counted apart from other stream errors under its own api code', () => {
    const denial = ev(chunk({ SerialNumber: -99, IsLastChunk: true, Response: 'Message limit reached. Please try again later.' }));
    expect(chunkCheck(denial)).toEqual({ apiCode: '-99', message: 'denied: Message limit reached. Please try again later.' });
    const stt = ev(chunk({ SerialNumber: -99, IsLastChunk: true, ErrorCode: 20002, Response: 'Voice parsing failed' }));
    expect(chunkCheck(stt)).toEqual({ apiCode: '-99/20002', message: 'denied: Voice parsing failed' });
  });

  it('rejects chunks that are not JSON or break the schema', () => {
    expect(chunkCheck(ev('hello'))).toMatch(/^chunk is not JSON/);
    expect(chunkCheck(ev(chunk({ ChatId: 'nope' })))).toMatch(/^chunk ChatId: /);
    expect(isLastChunk(ev('hello'))).toBe(false);
  });

  it('ignores the trailing completed marker and treats it as final', () => {
    expect(chunkCheck(ev('', 'completed'))).toBeUndefined();
    expect(isLastChunk(ev('', 'completed'))).toBe(true);
  });
});

describe('GodGptApi', () => {
  const api = new GodGptApi({ baseUrl: 'https://host/godgpt-client/', authUrl: 'https://auth.example' });

  it('keeps the gateway prefix in absolute URLs', () => {
    expect(api.sessionList('t').url).toBe('https://host/godgpt-client/api/godgpt/session-list');
    expect(api.chat('t', GUID, 'hi').url).toBe('https://host/godgpt-client/api/gotgpt/chat');
    expect(api.passwordToken('a@b.c', 'pw').url).toBe('https://auth.example/connect/token');
  });

  it('builds the password grant as the QA scripts do', () => {
    const form = new URLSearchParams(String(api.passwordToken('a@b.c', 'p w').body));
    expect(Object.fromEntries(form)).toEqual({ grant_type: 'password', client_id: 'AevatarAuthServer', scope: 'Aevatar offline_access', username: 'a@b.c', password: 'p w' });
  });

  it('sends guests with their own X-Forwarded-For and chat as SSE with chunk checks', () => {
    const spec = api.guestChat('10.0.0.7', 'hi');
    expect(spec.headers?.['x-forwarded-for']).toBe('10.0.0.7');
    expect(spec.sse).toBe(true);
    expect(spec.checkEvent).toBe(chunkCheck);
    expect(spec.isFinalEvent).toBe(isLastChunk);
    expect(api.guestCreateSession('10.0.0.8', { measure: false })).toMatchObject({ measure: false, headers: { 'x-forwarded-for': '10.0.0.8' } });
  });

  it('uploads with one multipart field named File, and voice chat as JSON with base64 audio', () => {
    const up = api.uploadBlob('t', new Uint8Array([1, 2]));
    expect(up.multipart?.[0]).toMatchObject({ name: 'File', filename: 'image.png', contentType: 'image/png' });
    const voice = JSON.parse(String(api.voiceChat('t', { sessionId: GUID, audioBase64: 'AAA=' }).body));
    expect(voice).toMatchObject({ sessionId: GUID, content: 'AAA=', messageType: 1, voiceLanguage: 0 });
  });
});
