import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { chatCompletionsUrl } from '../llm.ts';
import { startHarness, sseData, type Harness } from './harness.ts';

let h: Harness | undefined;
let fake: Server | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await new Promise<void>((r) => (fake ? fake.close(() => r()) : r()));
  fake = undefined;
});

async function chat(harness: Harness, content = 'Hello there'): Promise<{ status: number; text: string }> {
  const { token } = await harness.user('llm');
  const sessionId = ((await harness.req('/api/godgpt/create-session', { method: 'POST', token, json: {} })).json() as { data: string }).data;
  return harness.req('/api/gotgpt/chat', { method: 'POST', token, json: { sessionId, content } });
}

function replyText(body: string): string {
  return sseData(body).map((c) => c['Response']).join('');
}

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

/** A local OpenAI-compatible streaming server (no network). */
async function startFake(handler: Handler): Promise<string> {
  fake = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => handler(req, body, res));
  });
  await new Promise<void>((r) => fake!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
}

function streamDeltas(res: ServerResponse, deltas: string[]): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.write(`data: ${JSON.stringify({ choices: [{ delta: { role: 'assistant' } }] })}\n\n`);
  for (const d of deltas) res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: d } }] })}\n\n`);
  res.end('data: [DONE]\n\n');
}

describe('real-llm: a hosted model under load', () => {
  it('serves at most `concurrency` streams at once and queues the rest', async () => {
    h = await startHarness('fast', { llm: 'real-llm', llmOverrides: { concurrency: 2, rateLimitRatio: 0, timeoutRatio: 0, tokensMin: 40, tokensMax: 40 } });
    const stats = h.sim.runtime.llmSource.stats;
    let maxActive = 0;
    let maxQueued = 0;
    const timer = setInterval(() => {
      maxActive = Math.max(maxActive, stats.active);
      maxQueued = Math.max(maxQueued, stats.queued);
    }, 1);
    const results = await Promise.all([0, 1, 2, 3, 4].map(() => chat(h!)));
    clearInterval(timer);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(maxActive).toBe(2);
    expect(maxQueued).toBeGreaterThan(0);
    expect(stats.active).toBe(0);
  });

  it('retries rate-limited upstream calls, then fails the chat with a 500 once the retries are spent', async () => {
    h = await startHarness('fast', { llm: 'real-llm', llmOverrides: { rateLimitRatio: 1, timeoutRatio: 0, maxRetries: 2 } });
    const r = await chat(h);
    expect(r.status).toBe(500);
    expect(r.text).toMatch(/rate limited/);
    const stats = h.sim.runtime.llmSource.stats;
    expect(stats).toMatchObject({ rateLimitedTotal: 3, retriesTotal: 2, failedTotal: 1, active: 0 });
  });

  it('retries an upstream timeout and answers when a retry succeeds', async () => {
    h = await startHarness('fast', { llm: 'real-llm', randomSeed: 7, llmOverrides: { rateLimitRatio: 0, timeoutRatio: 0.5, maxRetries: 20 } });
    const results = await Promise.all([0, 1, 2, 3].map(() => chat(h!)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(h.sim.runtime.llmSource.stats.timeoutsTotal).toBeGreaterThan(0);
    expect(h.sim.runtime.llmSource.stats.failedTotal).toBe(0);
  });
});

describe('SIM_LLM_URL: streaming from an OpenAI-compatible endpoint', () => {
  it('sends the user message with stream: true and relays choices[0].delta.content as chunks', async () => {
    const seen: { url?: string; auth?: string; body?: Record<string, unknown> } = {};
    const url = await startFake((req, body, res) => {
      Object.assign(seen, { url: req.url, auth: req.headers.authorization, body: JSON.parse(body) });
      streamDeltas(res, ['Hello', ' from', ' the real model.']);
    });
    h = await startHarness('fast', { llmEndpoint: { url, apiKey: 'sk-test', model: 'tiny-model' } });
    const r = await chat(h, 'What is calm breathing?');
    expect(r.status).toBe(200);
    expect(replyText(r.text)).toBe('Hello from the real model.');
    expect(sseData(r.text).at(-1)).toMatchObject({ IsLastChunk: true });
    expect(seen).toMatchObject({ url: '/v1/chat/completions', auth: 'Bearer sk-test' });
    expect(seen.body).toMatchObject({ model: 'tiny-model', stream: true, messages: [{ role: 'user', content: 'What is calm breathing?' }] });
  });

  it('retries a 429 of the endpoint and fails with a 500 on a 400', async () => {
    let calls = 0;
    const url = await startFake((_req, _body, res) => {
      calls++;
      if (calls === 1) return void res.writeHead(429).end('{"error":"slow down"}');
      if (calls === 2) return streamDeltas(res, ['Fine.']);
      res.writeHead(400).end('{"error":"bad"}');
    });
    h = await startHarness('fast', { llmEndpoint: { url } });
    const ok = await chat(h);
    expect(ok.status).toBe(200);
    expect(replyText(ok.text)).toBe('Fine.');
    expect(h.sim.runtime.llmSource.stats.rateLimitedTotal).toBe(1);
    const bad = await chat(h);
    expect(bad.status).toBe(500);
    expect(bad.text).toMatch(/HTTP 400/);
    expect(calls).toBe(3);
  });

  it('builds the completions URL from a base, a /v1 base or a full URL', () => {
    expect(chatCompletionsUrl('http://127.0.0.1:8000')).toBe('http://127.0.0.1:8000/v1/chat/completions');
    expect(chatCompletionsUrl('http://127.0.0.1:8000/v1/')).toBe('http://127.0.0.1:8000/v1/chat/completions');
    expect(chatCompletionsUrl('http://h/openai/v1/chat/completions')).toBe('http://h/openai/v1/chat/completions');
  });
});
