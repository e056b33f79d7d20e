import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.ts';
import { runLoad } from '../../src/load/run-load.ts';
import type { Progress, RequestResult, RunLoadOptions, Sampler } from '../../src/index.ts';
import { okHandler, startServer, type TestServer } from './server.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startServer((req, res) => {
    if (req.url === '/login') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"token":"abc"}');
    } else if (req.url === '/fail') {
      res.writeHead(500);
      res.end('boom');
    } else if (req.url === '/slow') {
      setTimeout(() => okHandler(req, res), 50);
    } else if (req.url === '/slower') {
      setTimeout(() => okHandler(req, res), 1_500);
    } else okHandler(req, res);
  });
});
afterAll(() => srv.close());

const base = (extra: Partial<RunLoadOptions>): RunLoadOptions => ({
  baseUrl: srv.url,
  scenario: { url: '/ok' },
  model: { type: 'arrival-rate', startRate: 20, stages: [{ durationS: 1, target: 20 }] },
  warmupS: 0,
  ...extra,
});

describe('closed model', () => {
  it('loops each user with think time', async () => {
    const s = await runLoad(base({ scenario: { url: '/slow' }, model: { type: 'concurrency', vus: 2, durationS: 1, thinkTimeMs: 50 } }));
    // each user: ≥ 50 ms request + 50 ms think, so at most ~10 iterations per second per user (a
    // busy machine only gives fewer); each of the 2 users looped more than once
    expect(s.model).toBe('concurrency');
    expect(s.requests.ok).toBe(s.requests.sent);
    expect(s.requests.sent).toBeGreaterThanOrEqual(4);
    expect(s.requests.sent).toBeLessThanOrEqual(22);
    expect(s.latencyMs.p50).toBeGreaterThanOrEqual(49);
    expect(s.window.kind).toBe('all');
  });

  it('judges the window after the ramp of users', async () => {
    const s = await runLoad(base({ model: { type: 'concurrency', vus: 4, durationS: 1.5, rampS: 0.5, thinkTimeMs: 20 } }));
    expect(s.window).toEqual({ kind: 'steady', fromS: 0.5, toS: 1.5 });
    expect(s.whole.requests.sent).toBeGreaterThan(s.requests.sent);
    expect(s.requests.ok).toBeGreaterThan(0);
  });
});

describe('flows', () => {
  it('runs a scenario function with two requests; steps are broken down by name', async () => {
    const results: RequestResult[] = [];
    const s = await runLoad(
      base({
        scenario: async (ctx) => {
          const login = await ctx.request({ name: 'login', method: 'POST', url: '/login', captureBody: true });
          const token = (JSON.parse(login.body ?? '{}') as { token?: string }).token;
          results.push(await ctx.request({ name: 'profile', url: '/ok', headers: { authorization: `Bearer ${token}` } }));
        },
      }),
    );
    expect(s.requests.ok).toBe(20);
    expect(s.steps.login?.count).toBe(20);
    expect(s.steps.profile?.count).toBe(20);
    expect(s.latencyMs.count).toBe(40);
    expect(results[0]?.outcome).toBe('ok');
    expect(results[0]?.status).toBe(200);
  });

  it('fails the iteration with the first failed request, and counts a throw as invalid_body', async () => {
    const failing = await runLoad(
      base({
        scenario: async (ctx) => {
          const r = await ctx.request({ name: 'boom', url: '/fail' });
          if (r.outcome !== 'ok') return;
          await ctx.request({ name: 'never', url: '/ok' });
        },
      }),
    );
    expect(failing.errors).toEqual({ http_5xx: 20 });
    expect(failing.steps.never).toBeUndefined();
    const thrown = await runLoad(
      base({
        scenario: async (ctx) => {
          await ctx.request({ url: '/ok' });
          throw new Error('scenario bug');
        },
      }),
    );
    expect(thrown.errors).toEqual({ invalid_body: 20 });
    expect(thrown.errorMessages?.invalid_body).toContain('scenario bug');
  });
});

describe('ending a run', () => {
  it('an AbortSignal stops the run and returns the partial summary', async () => {
    const ac = new AbortController();
    let ended = 0;
    const scenario = async (ctx: { request: (spec: { url: string }) => Promise<RequestResult> }): Promise<void> => {
      await ctx.request({ url: '/ok' });
      if (++ended === 10) ac.abort();
    };
    const s = await runLoad(base({ signal: ac.signal, scenario, model: { type: 'arrival-rate', startRate: 20, stages: [{ durationS: 10, target: 20 }] } }));
    expect(s.aborted).toBe(true);
    expect(s.abortReason).toMatch(/signal/);
    // stopped after the 10th iteration, long before the 200 the schedule holds
    expect(s.requests.sent).toBeGreaterThanOrEqual(10);
    expect(s.requests.sent).toBeLessThan(200);
    expect(s.durationS).toBeGreaterThan(0);
    expect(s.durationS).toBeLessThan(10);
  });

  it('abort-on-fail ends the run early when the windowed error rate exceeds the bound', async () => {
    const s = await runLoad(
      base({
        scenario: { url: '/fail' },
        model: { type: 'arrival-rate', startRate: 30, stages: [{ durationS: 10, target: 30 }] },
        abortOnFail: { errorRate: 0.5, windowS: 1, minRequests: 10 },
      }),
    );
    expect(s.aborted).toBe(true);
    expect(s.abortReason).toMatch(/abort-on-fail: error rate 100%/);
    expect(s.requests.sent).toBeLessThan(300);
    expect(s.durationS).toBeLessThan(10);
  });

  it('cuts iterations still in flight after the drain time and says so', async () => {
    const s = await runLoad(base({ scenario: { url: '/slow' }, drainMs: 0 }));
    expect(s.requests.sent).toBe(20);
    expect(s.requests.completed).toBeLessThan(20);
    expect(s.cutOff).toBe(20 - s.requests.completed);
  });

  it('flags an overloaded generator (a scenario that blocks the event loop)', async () => {
    const s = await runLoad(
      base({
        scenario: async (ctx) => {
          const until = Date.now() + 30;
          while (Date.now() < until) {
            // block the event loop: the generator cannot keep its schedule
          }
          await ctx.request({ url: '/ok' });
        },
        model: { type: 'arrival-rate', startRate: 50, stages: [{ durationS: 1, target: 50 }] },
      }),
    );
    expect(s.generator.valid).toBe(false);
    expect(s.generator.p99DispatchLagMs).toBeGreaterThan(10);
    expect(s.generator.notes.join(' ')).toMatch(/generator overloaded: \d+ of \d+ iterations/);
  });

  it('an unloaded generator stays valid', async () => {
    // bounds loosened for the shared 2-core machine, where a descheduled process can stall ~tens of ms
    const s = await runLoad(base({ maxDispatchLagMs: 100, maxLateRatio: 0.2 }));
    expect(s.generator.valid).toBe(true);
    expect(s.generator.notes.filter((n) => n.includes('overloaded'))).toEqual([]);
  });
});

describe('progress, samplers and SLO', () => {
  it('labels the seconds after the schedule, while requests still finish, as drain', async () => {
    const progress: Progress[] = [];
    const s = await runLoad(base({ scenario: { url: '/slower' }, model: { type: 'arrival-rate', startRate: 5, stages: [{ durationS: 1, target: 5 }] }, onProgress: (p) => progress.push(p) }));
    expect(s.requests.completed).toBe(s.requests.sent);
    expect(progress[0]?.phase).toBe('steady');
    expect(progress.at(-1)?.phase).toBe('drain');
  });

  it('reports progress each second, samples resources into the timeline and stops samplers', async () => {
    const progress: Progress[] = [];
    let started = false;
    const sampler: Sampler = {
      name: 'fake',
      start: () => {
        started = true;
      },
      sample: () => ({ cpuPercent: 42 }),
      stop: () => ({ peakCpu: 42 }),
    };
    const broken: Sampler = {
      name: 'broken',
      start: () => {},
      sample: () => {
        throw new Error('sampler bug');
      },
      stop: () => undefined,
    };
    const s = await runLoad(base({ model: { type: 'arrival-rate', startRate: 20, stages: [{ durationS: 2, target: 20 }] }, warmupS: 1, onProgress: (p) => progress.push(p), samplers: [sampler, broken], slo: { latencyMs: { p95: 5000 }, errorRate: 0.01 } }));
    expect(started).toBe(true);
    // one warm-up second, and a partial one when the warm-up had to wait for the generator to settle
    const phases = progress.map((p) => p.phase);
    const warm = phases.indexOf('steady');
    expect(warm).toBeGreaterThanOrEqual(1);
    expect(warm).toBeLessThanOrEqual(2);
    expect(phases.slice(0, warm).every((ph) => ph === 'warmup')).toBe(true);
    expect(phases.slice(warm)).toEqual(['steady', 'steady']);
    expect(progress[warm + 1]?.last.sent).toBeGreaterThan(15);
    expect(s.timeline.every((e) => e.resources?.cpuPercent === 42)).toBe(true);
    expect(s.extra?.fake).toEqual({ peakCpu: 42 });
    expect(s.extra?.broken).toEqual({ error: 'sampler threw while sampling: sampler bug' });
    expect(s.slo).not.toBeNull();
    expect(s.slo?.checks.length).toBeGreaterThan(0);
  });
});

describe('options validation', () => {
  it.each([
    [{ model: { type: 'arrival-rate', stages: [] } }, 'model.stages'],
    [{ model: { type: 'arrival-rate', stages: [{ durationS: -1, target: 5 }] } }, 'durationS'],
    [{ model: { type: 'concurrency', vus: 0, durationS: 1 } }, 'model.vus'],
    [{ timeoutMs: 'fast' }, 'timeoutMs'],
    [{ baseUrl: 'not a url' }, 'baseUrl'],
    [{ maxInFligth: 3 }, 'maxInFligth'],
    [{ scenario: { method: 'GET' } }, 'scenario'],
  ])('rejects %j naming %s', async (bad, name) => {
    const err = await runLoad(base(bad as Partial<RunLoadOptions>)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).code).toBe('PERF_ERR_CONFIG');
    expect((err as Error).message).toContain(name);
  });

  it('rejects a relative url without baseUrl', async () => {
    const err = await runLoad({ scenario: { url: '/x' }, model: { type: 'arrival-rate', stages: [{ durationS: 1, target: 1 }] } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain('baseUrl');
  });
});
