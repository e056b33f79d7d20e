import { isValidSpanId, isValidTraceId } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoad } from '../../src/load/run-load.ts';
import type { RunLoadOptions } from '../../src/load/types.ts';
import { startServer, type TestServer } from './server.ts';

let srv: TestServer;
const seen: { traceparent: string | undefined; tracestate: string | undefined }[] = [];

beforeAll(async () => {
  srv = await startServer((req, res) => {
    seen.push({ traceparent: req.headers.traceparent as string | undefined, tracestate: req.headers.tracestate as string | undefined });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
});
afterAll(() => srv.close());

const base = (extra: Partial<RunLoadOptions>): RunLoadOptions => ({
  baseUrl: srv.url,
  scenario: { url: '/x' },
  model: { type: 'arrival-rate', startRate: 40, stages: [{ durationS: 0.5, target: 40 }] },
  warmupS: 0,
  ...extra,
});
const W3C = /^00-([0-9a-f]{32})-([0-9a-f]{16})-(0[01])$/;

describe('trace context', () => {
  it('sends a fresh valid W3C traceparent on every request, unsampled by default', async () => {
    seen.length = 0;
    const s = await runLoad(base({}));
    expect(s.requests.sent).toBeGreaterThan(5);
    expect(seen.length).toBe(srv.hits());
    const ids = new Set<string>();
    for (const h of seen) {
      const m = W3C.exec(h.traceparent ?? '');
      expect(m, h.traceparent).not.toBeNull();
      expect(isValidTraceId(m![1]!)).toBe(true);
      expect(isValidSpanId(m![2]!)).toBe(true);
      expect(m![3]).toBe('00');
      expect(h.tracestate).toBeUndefined();
      ids.add(m![1]!);
    }
    expect(ids.size).toBe(seen.length);
  });

  it('sets the sampled flag and sends the run\'s tracestate when asked', async () => {
    seen.length = 0;
    await runLoad(base({ trace: { sampled: true, tracestate: 'perf=run1,acme=x' } }));
    expect(seen.length).toBeGreaterThan(0);
    for (const h of seen) {
      expect(h.traceparent).toMatch(/-01$/);
      expect(h.tracestate).toBe('perf=run1,acme=x');
    }
  });

  it('sends none with trace: false, and keeps a traceparent the request sets itself', async () => {
    seen.length = 0;
    await runLoad(base({ trace: false }));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((h) => h.traceparent === undefined)).toBe(true);
    seen.length = 0;
    const own = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await runLoad(base({ scenario: { url: '/x', headers: { traceparent: own } } }));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((h) => h.traceparent === own)).toBe(true);
  });

  it('refuses a malformed tracestate before any request, naming the option', async () => {
    const before = srv.hits();
    await expect(runLoad(base({ trace: { tracestate: 'NOT A STATE' } }))).rejects.toThrow(/trace\.tracestate/);
    expect(srv.hits()).toBe(before);
  });
});
