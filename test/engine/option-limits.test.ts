import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.ts';
import { prepareRequest } from '../../src/http/prepare.ts';
import { resolveOptions } from '../../src/load/options.ts';
import { runLoad } from '../../src/load/run-load.ts';
import type { RunLoadOptions } from '../../src/load/types.ts';
import { okHandler, startServer, type TestServer } from './server.ts';

let srv: TestServer;
const seen: IncomingHttpHeaders[] = [];
beforeAll(async () => {
  srv = await startServer((req, res) => {
    seen.push(req.headers);
    okHandler(req, res);
  });
});
afterAll(() => srv.close());

const open = (stages: { durationS: number; target: number }[]): RunLoadOptions => ({
  scenario: { url: 'http://127.0.0.1:1/' },
  model: { type: 'arrival-rate', startRate: 1, stages },
});

describe('runLoad options: timer values are bounded (Node timers overflow past 2^31-1 ms)', () => {
  it('rejects a stage, a set of stages or a closed-model run longer than 7 days', () => {
    expect(() => resolveOptions(open([{ durationS: 3_000_000, target: 1 }]))).toThrow(/a stage must be at most 604800 s/);
    const week = Array.from({ length: 30 }, () => ({ durationS: 86_400, target: 1 }));
    expect(() => resolveOptions(open(week))).toThrow(/stages must last at most 604800 s/);
    const closed = (extra: object): RunLoadOptions => ({ scenario: { url: 'http://127.0.0.1:1/' }, model: { type: 'concurrency', vus: 1, durationS: 10, ...extra } });
    expect(() => resolveOptions(closed({ durationS: 2_147_484 }))).toThrow(ConfigError);
    expect(() => resolveOptions(closed({ rampS: 2_147_484 }))).toThrow(/rampS/);
    expect(() => resolveOptions(closed({ thinkTimeMs: 3e9 }))).toThrow(/thinkTimeMs/);
    expect(resolveOptions(open([{ durationS: 604_800, target: 1 }])).durationS).toBe(604_800);
  });

  it('rejects a request timeout above 1 h, in the options and in a flow request spec', () => {
    expect(() => resolveOptions({ ...open([{ durationS: 1, target: 1 }]), timeoutMs: 1e12 })).toThrow(/timeoutMs/);
    expect(() => resolveOptions({ ...open([{ durationS: 1, target: 1 }]), scenario: { url: 'http://127.0.0.1:1/', timeoutMs: 1e12 } })).toThrow(/timeoutMs/);
    expect(() => prepareRequest({ url: 'http://127.0.0.1:1/', timeoutMs: 3e9 }, undefined, 1000)).toThrow(/timeoutMs must be a positive number of ms up to 3600000/);
  });

  it('a flow sleeping longer than any timer sleeps until the run ends, it does not loop at once', async () => {
    const s = await runLoad({
      baseUrl: srv.url,
      warmupS: 0,
      drainMs: 0,
      model: { type: 'concurrency', vus: 1, durationS: 1 },
      scenario: async (ctx) => {
        await ctx.request({ url: '/ok' });
        await ctx.sleep(3e9);
      },
    });
    expect(s.requests.sent).toBe(1);
  });
});

describe('prepareRequest: headers and URL credentials', () => {
  it('rejects a header value holding CR or LF, and a bad header name, naming the header', () => {
    expect(() => prepareRequest({ url: 'http://127.0.0.1:1/', headers: { 'X-A': 'a\r\nX-Injected: 1' } }, undefined, 1000)).toThrow(
      /header "X-A" has a CR, LF or other control character/,
    );
    expect(() => prepareRequest({ url: 'http://127.0.0.1:1/', headers: { 'X-A': 'a\nb' } }, undefined, 1000)).toThrow(ConfigError);
    expect(() => prepareRequest({ url: 'http://127.0.0.1:1/', headers: { 'Bad Name': 'v' } }, undefined, 1000)).toThrow(/not a valid HTTP header name/);
    expect(() => prepareRequest({ url: 'http://127.0.0.1:1/', headers: { 'X-A': 'tab\tok' } }, undefined, 1000)).not.toThrow();
  });

  it('sends user:password in the URL as HTTP Basic auth (as curl does), never to the origin string', async () => {
    const p = prepareRequest({ url: 'http://us%40er:p%3Aw@127.0.0.1:1/x' }, undefined, 1000);
    expect(p.origin).toBe('http://127.0.0.1:1');
    const headers = p.opts.headers as string[];
    expect(headers.slice(headers.indexOf('authorization'), headers.indexOf('authorization') + 2)).toEqual([
      'authorization',
      `Basic ${Buffer.from('us@er:p:w').toString('base64')}`,
    ]);
    const explicit = prepareRequest({ url: 'http://u:p@127.0.0.1:1/', headers: { Authorization: 'Bearer t' } }, undefined, 1000);
    expect(explicit.opts.headers).toEqual(['authorization', 'Bearer t']);

    seen.length = 0;
    const url = srv.url.replace('http://', 'http://alice:s3cret@');
    const s = await runLoad({ scenario: { url: `${url}/ok` }, warmupS: 0, model: { type: 'arrival-rate', startRate: 5, stages: [{ durationS: 0.4, target: 5 }] } });
    expect(s.requests.ok).toBeGreaterThan(0);
    expect(seen[0]?.authorization).toBe(`Basic ${Buffer.from('alice:s3cret').toString('base64')}`);
  });
});
