import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RequestResult, runLoad, type SseEvent } from '../../src/index.ts';
import { startServer, type TestServer } from '../../test/engine/server.ts';
import { GodGptApi } from './api.ts';
import { chunkContent, hasAudio, isSttEcho } from './checks.ts';

const GUID = '0b6f5b8e-3c1a-4f3e-9d2a-1e2f3a4b5c6d';
const AUDIO = Buffer.from('mp3 sentence').toString('base64');
/** A chunk as §2 of the API reference writes it. */
const chunk = (over: Record<string, unknown>) =>
  JSON.stringify({
    ResponseType: 2, Response: '', ChatId: GUID, IsLastChunk: false, SerialNumber: 1, SerialChunk: 0, SessionId: GUID,
    AudioData: null, AudioMetadata: null, ErrorCode: 0, VoiceContentType: 1, SuggestedItems: null, ...over,
  });
const ev = (data: string): SseEvent => ({ event: 'message', data });

/** Voice chat as §9: STT echo, a -2 notice, an empty chunk, answer chunks (audio on the sentence end), the last chunk, `event: completed`. */
const VOICE = [
  { at: 0, data: chunk({ SerialNumber: 0, VoiceContentType: 0, Response: 'how do I relax' }) },
  { at: 30, data: chunk({ SerialNumber: -2, Response: 'This model will be retired soon.' }) },
  { at: 60, data: chunk({ SerialNumber: 1, Response: '' }) },
  { at: 150, data: chunk({ SerialNumber: 2, Response: 'Breathe in' }) },
  { at: 190, data: chunk({ SerialNumber: 3, Response: ' slowly.', AudioData: AUDIO }) },
  { at: 230, data: chunk({ SerialNumber: 4, Response: '', IsLastChunk: true }) },
];

let srv: TestServer;
beforeAll(async () => {
  srv = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    // each chunk is scheduled after the one before is written, so the gaps are lower bounds
    let i = 0;
    const next = (): void => {
      res.write(`data: ${VOICE[i]!.data}\n\n`);
      i++;
      if (i < VOICE.length) setTimeout(next, VOICE[i]!.at - VOICE[i - 1]!.at);
      else res.end('event: completed');
    };
    next();
  });
});
afterAll(() => srv.close());

describe('GodGPT stream content (TTFT, TTFA, STT echo)', () => {
  it('content is a non-empty Response that is not the STT echo, a -2 notice or a -99 denial', () => {
    expect(chunkContent(ev(VOICE[0]!.data))).toBeUndefined();
    expect(chunkContent(ev(VOICE[1]!.data))).toBeUndefined();
    expect(chunkContent(ev(VOICE[2]!.data))).toBeUndefined();
    expect(chunkContent(ev(VOICE[3]!.data))).toBe('Breathe in');
    expect(chunkContent(ev(chunk({ SerialNumber: -99, Response: "You've run out of credits.", IsLastChunk: true })))).toBeUndefined();
    expect(chunkContent({ event: 'completed', data: '' })).toBeUndefined();
    expect(chunkContent(ev('not json'))).toBeUndefined();
    expect(isSttEcho(ev(VOICE[0]!.data))).toBe(true);
    expect(isSttEcho(ev(VOICE[3]!.data))).toBe(false);
    expect(hasAudio(ev(VOICE[4]!.data))).toBe(true);
    expect(hasAudio(ev(VOICE[3]!.data))).toBe(false);
  });

  it('voice TTFT is the first answer chunk, not the echo; TTFA the first audio; the echo has its own time', async () => {
    const api = new GodGptApi({ baseUrl: srv.url });
    const spec = api.voiceChat('token', { sessionId: GUID, audioBase64: AUDIO });
    const results: RequestResult[] = [];
    const s = await runLoad({
      baseUrl: srv.url,
      scenario: async (ctx) => void results.push(await ctx.request(spec)),
      model: { type: 'arrival-rate', startRate: 6, stages: [{ durationS: 0.5, target: 6 }] },
      warmupS: 0,
      timeoutMs: 30_000,
    });
    expect(s.requests.ok).toBe(3);
    for (const r of results) {
      expect(r.outcome).toBe('ok');
      expect(r.ttfeMs).toBe(r.echoMs);
      // the answer is written 150 ms after the echo, the audio 190 ms: lower bounds from the intended start, order between events
      expect(r.ttftMs!).toBeGreaterThanOrEqual(145);
      expect(r.ttftMs!).toBeGreaterThan(r.echoMs!);
      expect(r.ttfaMs!).toBeGreaterThanOrEqual(185);
      expect(r.ttfaMs!).toBeGreaterThanOrEqual(r.ttftMs!);
      expect(r.contentEvents).toBe(2);
      expect(r.outputChars).toBe('Breathe in slowly.'.length);
    }
    expect(s.stream!.ttftMs.count).toBe(3);
    expect(s.stream!.echoMs!.count).toBe(3);
    expect(s.stream!.ttfaMs!.count).toBe(3);
    expect(s.stream!.tpotMs!.count).toBe(3);
  });
});
