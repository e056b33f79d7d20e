import type { Distribution, RunSummary, TimelineEntry } from '../../src/result/types.ts';
import type { RunMeta } from '../../src/result/store.ts';

export function dist(p50: number, p95 = p50 * 2, p99 = p50 * 3, count = 1000): Distribution {
  return { count, min: p50 / 2, mean: p50 * 1.1, p50, p90: p95 * 0.9, p95, p99, p999: p99 * 1.2, max: p99 * 1.5 };
}

export interface SynthOptions {
  name?: string;
  durationS?: number;
  targetRps?: number;
  /** Second from which p95 jumps and 524s appear. */
  breakAtS?: number;
  sse?: boolean;
  resources?: boolean;
  sloPassed?: boolean;
  generatorValid?: boolean;
  rampTo?: number;
}

/** A plausible run summary with a timeline that degrades at `breakAtS`. */
export function synthSummary(o: SynthOptions = {}): RunSummary {
  const durationS = o.durationS ?? 60;
  const target = o.targetRps ?? 100;
  const breakAt = o.breakAtS ?? Infinity;
  const timeline: TimelineEntry[] = [];
  let failedTotal = 0;
  for (let t = 0; t < durationS; t++) {
    const targetRps = o.rampTo ? Math.round(10 + ((o.rampTo - 10) * t) / (durationS - 1)) : target;
    const broken = t >= breakAt;
    const f524 = broken ? 5 : 0;
    failedTotal += f524;
    timeline.push({
      t,
      targetRps,
      sent: targetRps,
      ok: targetRps - f524,
      failed: f524,
      dropped: 0,
      errors: broken ? { http_524: f524 } : {},
      inFlight: broken ? 40 : 4,
      p50: broken ? 400 : 40,
      p95: broken ? 900 : 80,
      p99: broken ? 1500 : 120,
      ...(o.resources ? { resources: { cpuPercent: 30 + t, rssBytes: 200e6 + t * 2e6 } } : {}),
    });
  }
  const scheduled = target * durationS;
  return {
    version: 1,
    name: o.name ?? 'guest-chat',
    startedAt: '2025-08-14T09:30:00.000Z',
    durationS,
    model: 'arrival-rate',
    window: { kind: 'steady', fromS: 0, toS: durationS },
    aborted: false,
    requests: { scheduled, sent: scheduled, completed: scheduled, ok: scheduled - failedTotal, failed: failedTotal, dropped: 0 },
    throughput: { targetRps: target, achievedRps: target * 0.98, sentRps: target },
    errorRate: failedTotal / scheduled,
    errors: failedTotal ? { http_524: failedTotal } : {},
    statusCodes: { '200': scheduled - failedTotal, ...(failedTotal ? { '524': failedTotal } : {}) },
    apiCodes: {},
    responseBytes: { count: scheduled - failedTotal, mean: 2048, p50: 2048, p95: 4096, max: 8192 },
    latencyMs: dist(40, 80, 120),
    serviceTimeMs: dist(38, 78, 118),
    ...(o.sse
      ? { stream: { ttfbMs: dist(20), ttftMs: dist(150, 300, 450), interEventMs: dist(10), events: 5000, aborted: 0, completed: scheduled } }
      : {}),
    generator: { maxLagMs: 3, p99DispatchLagMs: 1, lateRequests: 0, valid: o.generatorValid ?? true, notes: o.generatorValid === false ? ['event loop lag 250 ms'] : [] },
    timeline,
    slo: {
      passed: o.sloPassed ?? true,
      checks: [
        { name: 'latency.p95', bound: '< 200 ms', actual: 80, passed: true },
        { name: 'errorRate', bound: '< 0.01', actual: failedTotal / scheduled, passed: o.sloPassed ?? true },
      ],
    },
    steps: {},
    whole: { requests: { scheduled, sent: scheduled, completed: scheduled, ok: scheduled, failed: 0, dropped: 0 }, errorRate: 0, errors: {}, latencyMs: dist(40) },
    histograms: {},
  };
}

export function synthMeta(over: Partial<RunMeta> = {}): RunMeta {
  return {
    endpoint: 'guest-chat',
    route: 'POST /api/godgpt/guest/chat',
    scenario: 'guest chat holds the target rate',
    targetRps: 100,
    sse: true,
    profile: 'pr',
    target: 'http://127.0.0.1:8080',
    ...over,
  };
}
