import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SSE_CHUNK_KEYS, sseChunkSchema } from '../../helpers/schemas/index.ts';
import { startHarness, sseData, WEBM_BASE64, type Harness } from './harness.ts';

let h: Harness;
let token: string;
let sessionId: string;

beforeAll(async () => {
  h = await startHarness('fast');
  token = (await h.user('sse')).token;
  sessionId = ((await h.req('/api/godgpt/create-session', { method: 'POST', token, json: {} })).json() as { data: string }).data;
});
afterAll(() => h.close());

const FRAME = /^data: (\{[^\n]*\})\n\n/;

/** Checks the exact framing: `data: {json}\n\n` chunks, then `event: completed\n` and nothing after it. */
function assertFraming(body: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let rest = body;
  while (rest.startsWith('data: ')) {
    const m = FRAME.exec(rest);
    expect(m, `bad frame at: ${rest.slice(0, 80)}`).not.toBeNull();
    const obj = JSON.parse(m![1]!) as Record<string, unknown>;
    expect(Object.keys(obj)).toEqual([...SSE_CHUNK_KEYS]);
    sseChunkSchema.parse(obj);
    out.push(obj);
    rest = rest.slice(m![0].length);
  }
  expect(rest).toBe('event: completed\n');
  return out;
}

describe('SSE chat streams', () => {
  it('frames chunks byte for byte, in key order, ending with event: completed and no blank line', async () => {
    const r = await h.req('/api/gotgpt/chat', { method: 'POST', token, json: { sessionId, content: 'Hello there' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/event-stream');
    expect(r.headers.get('cache-control')).toBe('no-cache');
    const chunks = assertFraming(r.text);
    expect(chunks.length).toBeGreaterThan(3);
    const last = chunks.at(-1)!;
    expect(last).toMatchObject({ IsLastChunk: true, ResponseType: 2, SerialChunk: 0, SessionId: sessionId, ErrorCode: 0, VoiceContentType: 1 });
    expect(Array.isArray(last['SuggestedItems'])).toBe(true);
    expect(chunks.slice(0, -1).every((c) => c['IsLastChunk'] === false && c['SuggestedItems'] === null)).toBe(true);
    expect(new Set(chunks.map((c) => c['ChatId'])).size).toBe(1);
    expect(chunks.map((c) => c['SerialNumber'])).toEqual(chunks.map((_, i) => i + 1));
    const text = chunks.map((c) => c['Response']).join('');
    expect(text.length).toBeGreaterThan(40);
    expect(chunks.slice(0, -1).every((c) => (c['Response'] as string).length <= 60)).toBe(true);
  });

  it('voice chat sends the transcript first, then text chunks with TTS audio on sentence ends', async () => {
    const r = await h.req('/api/godgpt/voice/chat', { method: 'POST', token, json: { sessionId, content: WEBM_BASE64, messageType: 1, voiceLanguage: 1, voiceDurationSeconds: 3.2 } });
    const chunks = assertFraming(r.text);
    expect(chunks[0]).toMatchObject({ SerialNumber: 0, VoiceContentType: 0, IsLastChunk: false, AudioData: null });
    const withAudio = chunks.filter((c) => c['AudioData'] !== null);
    expect(withAudio.length).toBeGreaterThan(0);
    for (const c of withAudio) {
      expect(c['Response']).toMatch(/[.!?]$/);
      expect(c['VoiceContentType']).toBe(1);
      const meta = c['AudioMetadata'] as Record<string, unknown>;
      expect(Object.keys(meta)).toEqual(['Duration', 'SizeBytes', 'SampleRate', 'BitRate', 'Format', 'LanguageType']);
      expect(meta).toMatchObject({ SampleRate: 16000, BitRate: 32000, Format: 'mp3', LanguageType: 1 });
      const audio = Buffer.from(c['AudioData'] as string, 'base64');
      expect(audio.length).toBe(meta['SizeBytes']);
      expect(audio.subarray(0, 3).toString('latin1')).toBe('ID3');
    }
    expect(chunks.at(-1)).toMatchObject({ IsLastChunk: true, SuggestedItems: null });
  });

  it('voice chat with non-audio bytes fails speech-to-text inside the stream (-99, 20002)', async () => {
    const r = await h.req('/api/godgpt/voice/chat', { method: 'POST', token, json: { sessionId, content: Buffer.alloc(300, 65).toString('base64'), voiceLanguage: 0 } });
    expect(r.status).toBe(200);
    const chunks = assertFraming(r.text);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({ SerialNumber: -99, ErrorCode: 20002, IsLastChunk: true });
  });

  it('chat middleware errors are plain text with the reference statuses', async () => {
    const cases: [string, RequestInit & { token?: string; json?: unknown }, number, string][] = [
      ['/api/gotgpt/chat', { method: 'POST', json: { sessionId, content: 'x' } }, 401, 'Unauthorized: User is not authenticated.'],
      ['/api/gotgpt/chat', { method: 'POST', token, body: '{not json', headers: { 'content-type': 'application/json' } }, 400, 'Invalid request body.'],
      ['/api/gotgpt/chat', { method: 'POST', token, body: '' }, 400, 'Invalid request body.'],
      ['/api/gotgpt/chat', { method: 'POST', token, json: { sessionId: '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d', content: 'x' } }, 400, 'Unable to load conversation 9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d'],
      ['/api/gotgpt/chat', { method: 'POST', token, json: { sessionId, content: 'x', images: Array(11).fill('a.png') } }, 400, 'Too many files. Maximum 10 images per upload.'],
      ['/api/godgpt/voice/chat', { method: 'POST', token, json: { sessionId, content: '' } }, 400, 'Invalid request body.'],
      ['/api/godgpt/voice/chat', { method: 'POST', token, json: { sessionId, content: WEBM_BASE64, voiceLanguage: -1 } }, 400, 'Unset language request body.'],
      ['/api/godgpt/guest/chat', { method: 'POST', json: { content: 'x' }, headers: { 'x-forwarded-for': '198.51.100.200' } }, 400, 'No active guest session. Please create a session first.'],
    ];
    for (const [path, init, status, text] of cases) {
      const r = await h.req(path, init);
      expect([path, r.status, r.text]).toEqual([path, status, text]);
    }
  });

  it('survives a client that disconnects mid-stream and frees its stream', async () => {
    const slow = await startHarness('fast', { timeScale: 1, llmOverrides: { ttftMedianMs: 20, ttftP95Ms: 30, tokensMin: 400, tokensMax: 400, tokensPerSMin: 100, tokensPerSMax: 100 }, workers: {} });
    try {
      const t = (await slow.user('abort')).token;
      const sid = ((await slow.req('/api/godgpt/create-session', { method: 'POST', token: t, json: {} })).json() as { data: string }).data;
      const url = new URL(`${slow.url}/api/gotgpt/chat`);
      const got = await new Promise<string>((resolve, reject) => {
        const req = request(url, { method: 'POST', headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' } }, (res) => {
          res.once('data', (d: Buffer) => {
            req.destroy();
            resolve(d.toString());
          });
        });
        req.on('error', (e) => (e.message.includes('aborted') || e.message.includes('socket hang up') ? undefined : reject(e)));
        req.end(JSON.stringify({ sessionId: sid, content: 'long answer please' }));
      });
      expect(got.startsWith('data: ')).toBe(true);
      await expect.poll(() => slow.sim.runtime.stats.openStreams, { timeout: 2000 }).toBe(0);
      expect(slow.sim.runtime.stats.clientAbortsTotal).toBeGreaterThan(0);
      expect(slow.sim.runtime.streamTimers.size).toBe(0);
      const after = await slow.req('/api/query/user-id', { token: t });
      expect(after.status).toBe(200);
    } finally {
      await slow.close();
    }
  });
});

describe('sseData helper', () => {
  it('parses data frames', () => {
    expect(sseData('data: {"a":1}\n\ndata: {"a":2}\n\nevent: completed\n')).toEqual([{ a: 1 }, { a: 2 }]);
  });
});
