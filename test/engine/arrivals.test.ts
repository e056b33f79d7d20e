import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrivalTimes, parseArrivals, parseSeed, type Arrivals } from '../../src/load/arrivals.ts';
import { RateSchedule } from '../../src/load/rate-schedule.ts';
import { OpenScheduler } from '../../src/load/open-scheduler.ts';
import { runLoad } from '../../src/load/run-load.ts';
import type { Stage } from '../../src/load/types.ts';
import { startServer, type TestServer } from './server.ts';

/** Every instant the schedule draws, s. */
function instants(startRate: number, stages: Stage[], a: Arrivals): number[] {
  const t = arrivalTimes(new RateSchedule(startRate, stages), a);
  const out: number[] = [];
  for (let k = 0; ; k++) {
    const s = t.instantS(k);
    if (s === Infinity) return out;
    out.push(s);
  }
}

/** Arrivals per bin of `binS` over [0, spanS). */
function counts(at: number[], spanS: number, binS = 1): number[] {
  const c = new Array<number>(Math.round(spanS / binS)).fill(0);
  for (const s of at) {
    const i = Math.floor(s / binS);
    if (i >= 0 && i < c.length) c[i]!++;
  }
  return c;
}

/** Variance / mean of the counts (index of dispersion). */
function dispersion(c: number[]): number {
  const mean = c.reduce((a, b) => a + b, 0) / c.length;
  const v = c.reduce((a, b) => a + (b - mean) ** 2, 0) / (c.length - 1);
  return v / mean;
}

describe('arrivals: constant, poisson, gamma:<burstiness>', () => {
  it('keeps the achieved mean rate within 1% of 1,000/s over 10 s, whatever the seed', () => {
    for (const a of [{ kind: 'constant' }, { kind: 'poisson', seed: 1 }, { kind: 'poisson', seed: 99 }, { kind: 'gamma', burstiness: 0.25, seed: 3 }] as Arrivals[]) {
      const at = instants(1000, [{ durationS: 10, target: 1000 }], a);
      const inWindow = at.filter((s) => s >= 0 && s < 10).length;
      expect(Math.abs(inWindow / 10 - 1000) / 1000, a.kind).toBeLessThanOrEqual(0.01);
      expect(at.every((s, i) => i === 0 || s >= at[i - 1]!), `${a.kind}: instants in order`).toBe(true);
    }
  });

  it('poisson: per-second variance ≈ mean; constant: none', () => {
    const stages = [{ durationS: 200, target: 100 }];
    const p = dispersion(counts(instants(100, stages, { kind: 'poisson', seed: 7 }), 200));
    expect(p).toBeGreaterThan(0.7);
    expect(p).toBeLessThan(1.3);
    expect(dispersion(counts(instants(100, stages, { kind: 'constant' }), 200))).toBeLessThan(0.05);
  });

  it('gamma: burstiness below 1 spreads the counts more than Poisson, above 1 less', () => {
    const stages = [{ durationS: 200, target: 100 }];
    const d = (b: number) => dispersion(counts(instants(100, stages, { kind: 'gamma', burstiness: b, seed: 11 }), 200));
    const bursty = d(0.25);
    const poissonLike = d(1);
    const even = d(4);
    expect(bursty).toBeGreaterThan(2.5);
    expect(poissonLike).toBeGreaterThan(0.7);
    expect(poissonLike).toBeLessThan(1.3);
    expect(even).toBeLessThan(0.5);
    expect(bursty).toBeGreaterThan(poissonLike);
    expect(poissonLike).toBeGreaterThan(even);
  });

  it('a ramp still ramps: gaps follow the current rate (inhomogeneous Poisson)', () => {
    const at = instants(0, [{ durationS: 20, target: 1000 }], { kind: 'poisson', seed: 5 });
    expect(at.length).toBe(10_000);
    const firstHalf = at.filter((s) => s < 10).length;
    // The integral of a 0→1000/s ramp over its first half is a quarter of the whole.
    expect(firstHalf).toBeGreaterThan(2300);
    expect(firstHalf).toBeLessThan(2700);
    const c = counts(at, 20);
    expect(c[19]!).toBeGreaterThan(c[1]! * 5);
  });

  it('repeats per seed and differs between seeds, also read back from an earlier instant', () => {
    const stages = [{ durationS: 5, target: 200 }];
    const a = instants(200, stages, { kind: 'poisson', seed: 42 });
    expect(instants(200, stages, { kind: 'poisson', seed: 42 })).toEqual(a);
    expect(instants(200, stages, { kind: 'poisson', seed: 43 })).not.toEqual(a);
    const t = arrivalTimes(new RateSchedule(200, stages), { kind: 'poisson', seed: 42 });
    expect(t.instantS(500)).toBe(a[500]);
    expect(t.instantS(3)).toBe(a[3]);
    expect(instants(200, stages, { kind: 'gamma', burstiness: 0.5, seed: 42 })).toEqual(instants(200, stages, { kind: 'gamma', burstiness: 0.5, seed: 42 }));
  });

  it('each iteration is launched with its drawn arrival as its intended time (coordinated-omission correction)', async () => {
    const schedule = new RateSchedule(200, [{ durationS: 0.5, target: 200 }]);
    const times = arrivalTimes(schedule, { kind: 'poisson', seed: 8 });
    const drawn = instants(200, [{ durationS: 0.5, target: 200 }], { kind: 'poisson', seed: 8 });
    const intended: number[] = [];
    const offsetMs = performance.now() + 20;
    await new Promise<void>((resolve) => {
      new OpenScheduler({ launch: (ms) => void intended.push(ms) }, [{ schedule: times, offsetMs, recorded: true }], resolve).start();
    });
    expect(intended).toHaveLength(drawn.length);
    expect(intended.map((ms) => ms - offsetMs)).toEqual(drawn.map((sec) => expect.closeTo(sec * 1000, 6)));
  });

  it('parses the flag and names it on a bad value', () => {
    expect(parseArrivals('constant', '--arrivals')).toEqual({ kind: 'constant' });
    expect(parseArrivals('Poisson', '--arrivals')).toEqual({ kind: 'poisson' });
    expect(parseArrivals('gamma:0.5', '--arrivals')).toEqual({ kind: 'gamma', burstiness: 0.5 });
    expect(() => parseArrivals('bursty', 'PERF_ARRIVALS')).toThrow(/^PERF_ARRIVALS: expected constant, poisson or gamma:<burstiness>/);
    expect(() => parseArrivals('gamma:', '--arrivals')).toThrow(/--arrivals: gamma's burstiness must be a number/);
    expect(() => parseArrivals('gamma:-1', '--arrivals')).toThrow(/--arrivals/);
    expect(parseSeed('7', '--seed')).toBe(7);
    expect(() => parseSeed('1.5', 'PERF_SEED')).toThrow(/^PERF_SEED: expected an integer/);
  });
});

describe('random arrivals in a run', () => {
  const arrivedAt: number[] = [];
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startServer((_req, res) => {
      arrivedAt.push(performance.now());
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  afterAll(() => srv.close());

  it('a server that counts arrivals sees Poisson spread, and the summary names the process and its seed', async () => {
    arrivedAt.length = 0;
    const model = { type: 'arrival-rate' as const, startRate: 100, stages: [{ durationS: 4, target: 100 }] };
    const s = await runLoad({ baseUrl: srv.url, scenario: { url: '/' }, model, warmupS: 0, arrivals: { kind: 'poisson', seed: 2024 } });
    expect(s.arrivals).toEqual({ kind: 'poisson', seed: 2024 });
    expect(s.requests.scheduled).toBe(400);
    const t0 = arrivedAt[0]!;
    const c = counts(arrivedAt.map((t) => (t - t0) / 1000), 4, 0.2);
    // 20 bins of mean 20: Poisson's dispersion is near 1 (loose: the machine adds its own jitter).
    const d = dispersion(c);
    expect(d).toBeGreaterThan(0.3);
    expect(d).toBeLessThan(3);

    const unseeded = await runLoad({ baseUrl: srv.url, scenario: { url: '/' }, model: { ...model, stages: [{ durationS: 0.2, target: 100 }] }, warmupS: 0, arrivals: { kind: 'gamma', burstiness: 0.5 } });
    expect(unseeded.arrivals?.kind).toBe('gamma');
    expect(unseeded.arrivals?.burstiness).toBe(0.5);
    expect(Number.isInteger(unseeded.arrivals?.seed)).toBe(true);
    const constant = await runLoad({ baseUrl: srv.url, scenario: { url: '/' }, model: { ...model, stages: [{ durationS: 0.2, target: 100 }] }, warmupS: 0 });
    expect(constant.arrivals).toEqual({ kind: 'constant' });
  });

  it('refuses random arrivals on the closed model, and on a shard without a seed', async () => {
    await expect(runLoad({ baseUrl: srv.url, scenario: { url: '/' }, model: { type: 'concurrency', vus: 1, durationS: 1 }, arrivals: { kind: 'poisson' } })).rejects.toThrow(/arrivals: poisson arrivals need the arrival-rate model/);
    await expect(
      runLoad({ baseUrl: srv.url, scenario: { url: '/' }, model: { type: 'arrival-rate', startRate: 10, stages: [{ durationS: 1, target: 10 }] }, shard: { index: 0, count: 2 }, startAt: Date.now() + 1000, arrivals: { kind: 'poisson' } }),
    ).rejects.toThrow(/needs arrivals.seed \(--seed\)/);
  });
});
