import { describe, expect, it } from 'vitest';
import { evaluateSlo } from '../src/index.ts';
import { dist, makeSummary } from '../test/slo/fixtures.ts';
import type { EndpointDef } from './endpoint.ts';
import { toMeetEndpoint } from './endpoint-matcher.ts';

const def = (leakCheck: boolean): EndpointDef => ({
  id: 'guest-chat', route: 'POST /x', priority: 'P0', effects: [], targetRps: 10, slo: { latencyMs: { p95: 500 } }, why: {}, sse: false,
  connections: 1, timeoutMs: 1000, leakCheck, scenarios: [{ name: 'a guest', users: 'guests', build: async () => async () => undefined }],
});
const leaked = { leaked: true, reason: 'memory not released: jsMemoryBytes baseline 10 MiB, peak 50 MiB, 49 MiB after 15 s' };

describe('toMeetEndpoint', () => {
  const fast = makeSummary();
  const judgedFast = { ...fast, slo: evaluateSlo(fast, { latencyMs: { p95: 500 } }) };

  it('checks the SLO the run judged, and the leak verdict only when the definition asks for one', () => {
    const withLeak = { ...judgedFast, extra: { leak: leaked } };
    expect(toMeetEndpoint(withLeak, def(false)).pass).toBe(true);
    const r = toMeetEndpoint(withLeak, def(true));
    expect(r.pass).toBe(false);
    expect(r.message()).toContain('guest-chat: memory not released');
    expect(toMeetEndpoint(judgedFast, def(true)).message()).toContain('no leak verdict');
  });

  it('lists the SLO failures and the leak together', () => {
    const slow = makeSummary({ latencyMs: dist(1000, { p95: 912.4 }), extra: { leak: leaked } });
    const r = toMeetEndpoint({ ...slow, slo: evaluateSlo(slow, { latencyMs: { p95: 500 } }) }, def(true));
    expect(r.pass).toBe(false);
    expect(r.message()).toMatch(/latency\.p95 = 912\.4 ms, expected < 500 ms[\s\S]*memory not released/);
  });
});
