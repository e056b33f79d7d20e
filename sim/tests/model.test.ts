import { describe, expect, it } from 'vitest';
import { sniffAudio } from '../audio.ts';
import { sampleLognormalMs, SERVICE_TIMES } from '../model.ts';
import { WorkerPool } from '../pool.ts';
import { buildConfig } from '../profiles.ts';
import { createRng } from '../rng.ts';
import { chunkText } from '../text.ts';
import { SimulatorError } from '../errors.ts';

describe('latency model', () => {
  it('lognormal samples match the configured median and p95', () => {
    const rand = createRng(42);
    const xs = Array.from({ length: 20_000 }, () => sampleLognormalMs(100, 300, rand)).sort((a, b) => a - b);
    expect(xs[10_000]!).toBeGreaterThan(90);
    expect(xs[10_000]!).toBeLessThan(110);
    expect(xs[19_000]!).toBeGreaterThan(260);
    expect(xs[19_000]!).toBeLessThan(340);
  });

  it('every endpoint row has p95 ≥ median', () => {
    for (const [key, t] of Object.entries(SERVICE_TIMES)) expect(t.p95Ms, key).toBeGreaterThanOrEqual(t.medianMs);
  });

  it('a pool queues above its workers and never runs cancelled jobs', async () => {
    const pool = new WorkerPool('t', 2);
    const done: number[] = [];
    for (let i = 0; i < 4; i++) pool.submit(20, () => done.push(i));
    const cancelled = pool.submit(20, () => done.push(99));
    expect([pool.busy, pool.queued]).toEqual([2, 3]);
    pool.cancel(cancelled);
    expect(pool.queued).toBe(2);
    await new Promise((r) => setTimeout(r, 120));
    expect(done.sort()).toEqual([0, 1, 2, 3]);
    expect([pool.busy, pool.queued, pool.served]).toEqual([0, 0, 4]);
  });
});

describe('profiles', () => {
  it('healthy raises the quotas; reference keeps the API reference values', () => {
    expect(buildConfig('reference')).toMatchObject({ guestChatLimit: 3, messageQuota: 25, voiceQuota: 10, initialCredits: 320, creditsPerMessage: 10, uploadMaxBytes: 10 * 1024 * 1024, tokenLifetimeS: 172_799, originTimeoutMs: 100_000, errorStatus: 'envelope' });
    expect(buildConfig('healthy').guestChatLimit).toBeGreaterThan(1_000_000);
    expect(buildConfig('seed-report').faults).toMatchObject({ emailLookup: 'scan', sessionLeak: true });
    expect(buildConfig('healthy').faults).toMatchObject({ emailLookup: 'index', sessionLeak: false, guestChatWarmupMs: 0 });
  });

  it('overrides merge with the profile and bad values are named', () => {
    const c = buildConfig('seed-report', { workers: { speech: 3 }, faults: { redeemCpuMs: 1 } });
    expect(c.workers).toMatchObject({ speech: 3, silo: 256 });
    expect(c.faults).toMatchObject({ redeemCpuMs: 1, emailLookup: 'scan' });
    expect(() => buildConfig('healthy', { guestChatLimit: -1 })).toThrow(/guestChatLimit/);
    expect(() => buildConfig('nope')).toThrow(SimulatorError);
  });
});

describe('audio sniffing and chunking', () => {
  it('recognises containers from their header bytes', () => {
    const b = (...x: (number | string)[]) => Buffer.concat(x.map((v) => (typeof v === 'string' ? Buffer.from(v, 'latin1') : Buffer.from([v]))));
    expect(sniffAudio(b(0x1a, 0x45, 0xdf, 0xa3, 0))).toBe('webm');
    expect(sniffAudio(b('OggS', 0))).toBe('ogg');
    expect(sniffAudio(b('RIFF', 0, 0, 0, 0, 'WAVE'))).toBe('wav');
    expect(sniffAudio(b('fLaC'))).toBe('flac');
    expect(sniffAudio(b(0, 0, 0, 0x20, 'ftypM4A '))).toBe('m4a');
    expect(sniffAudio(b('ID3', 4))).toBe('mp3');
    expect(sniffAudio(b(0xff, 0xfb, 0x90))).toBe('mp3');
    expect(sniffAudio(b(0xff, 0xf1, 0x50))).toBe('aac');
    expect(sniffAudio(b('hello world'))).toBe('pcm');
  });

  it('chunks text into ~32-character deltas that never cross a sentence end', () => {
    const text = 'One two three four five six seven eight. Nine ten eleven. Twelve thirteen fourteen fifteen sixteen seventeen.';
    const chunks = chunkText(text, 32);
    expect(chunks.map((c) => c.text).join('')).toBe(text);
    expect(chunks.filter((c) => c.end)).toHaveLength(3);
    for (const c of chunks) expect(c.text.length).toBeLessThanOrEqual(48);
  });
});
