import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dotnetDateSchema, envelope, errorEnvelopeSchema, guestLimitsSchema, sseChunkSchema, SSE_CHUNK_KEYS, tokenResponseSchema } from './index.ts';

const chunk = {
  ResponseType: 2, Response: 'hi', ChatId: '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d', IsLastChunk: false, SerialNumber: 1, SerialChunk: 0,
  SessionId: '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed', AudioData: null, AudioMetadata: null, ErrorCode: 0, VoiceContentType: 1, SuggestedItems: null,
};

describe('helpers/schemas', () => {
  it('envelope accepts only the string success code and the payload shape', () => {
    const s = envelope(guestLimitsSchema);
    expect(s.safeParse({ code: '20000', data: { remainingChats: 3, totalAllowed: 3 }, message: '' }).success).toBe(true);
    expect(s.safeParse({ code: 20000, data: { remainingChats: 3, totalAllowed: 3 }, message: '' }).success).toBe(false);
    expect(s.safeParse({ code: '50000', data: null, message: 'x' }).success).toBe(false);
    expect(s.safeParse({ code: '20000', data: { remainingChats: '3', totalAllowed: 3 }, message: '' }).success).toBe(false);
    expect(errorEnvelopeSchema.safeParse({ code: '50000', data: null, message: 'boom' }).success).toBe(true);
    expect(errorEnvelopeSchema.safeParse({ code: '20000', data: null, message: '' }).success).toBe(false);
  });

  it('the SSE chunk schema wants PascalCase fields with exact types', () => {
    expect(Object.keys(chunk)).toEqual([...SSE_CHUNK_KEYS]);
    expect(sseChunkSchema.safeParse(chunk).success).toBe(true);
    expect(sseChunkSchema.safeParse({ ...chunk, SerialNumber: '1' }).success).toBe(false);
    expect(sseChunkSchema.safeParse({ ...chunk, AudioData: undefined }).success).toBe(false);
    const { Response: _r, ...noResponse } = chunk;
    expect(sseChunkSchema.safeParse({ ...noResponse, response: 'hi' }).success).toBe(false);
  });

  it('.NET dates and token responses', () => {
    expect(dotnetDateSchema.safeParse('2025-07-29T03:21:03.8026735Z').success).toBe(true);
    expect(dotnetDateSchema.safeParse('2025-07-29T03:21:03Z').success).toBe(true);
    expect(dotnetDateSchema.safeParse('2025-07-29 03:21:03').success).toBe(false);
    expect(tokenResponseSchema.safeParse({ access_token: 'a', token_type: 'Bearer', expires_in: 3600, refresh_token: 'r' }).success).toBe(true);
    const bad = tokenResponseSchema.safeParse({ access_token: '', token_type: 'bearer', expires_in: 0 });
    expect(bad.success).toBe(false);
    expect(z.prettifyError(bad.error!)).toMatch(/access_token/);
  });
});
