import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GodGptApi } from '../../helpers/client/api.ts';
import { createSimServer } from '../server.ts';
import type { TraceLine } from '../trace-log.ts';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('simulator: W3C trace context', () => {
  it('answers a traceparent with a traceresponse and logs one line per request with its trace id and server-side times (SIM_TRACE_LOG)', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'sim-trace-')), 'trace.jsonl');
    const sim = await createSimServer({ profile: 'fast', traceLog: log });
    const api = new GodGptApi({ baseUrl: sim.url, authUrl: sim.url });
    let traced: Response;
    let plain: Response;
    let malformed: Response;
    try {
      const session = api.guestCreateSession('10.9.0.1');
      await (await fetch(session.url, { method: session.method, headers: { ...session.headers, traceparent: 'x' }, body: session.body as string })).text();
      const spec = api.guestChat('10.9.0.1', 'hello');
      traced = await fetch(spec.url, { method: spec.method, headers: { ...spec.headers, traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` }, body: spec.body as string });
      await traced.text();
      plain = await fetch(`${sim.url}/api/godgpt/query-version`, { method: 'POST' });
      await plain.text();
      malformed = await fetch(`${sim.url}/api/godgpt/query-version`, { method: 'POST', headers: { traceparent: 'not-a-trace' } });
      await malformed.text();
    } finally {
      await sim.close();
    }
    const tr = traced.headers.get('traceresponse');
    expect(tr).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));
    expect(plain.headers.get('traceresponse')).toBeNull();
    expect(malformed.headers.get('traceresponse')).toBeNull();
    const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TraceLine);
    expect(lines).toHaveLength(4);
    const chat = lines.find((l) => l.traceId === TRACE_ID)!;
    expect(chat).toMatchObject({ method: 'POST', status: 200, spanId: tr!.slice(36, 52), aborted: false });
    expect(chat.llmMs).toBeGreaterThan(0);
    expect(chat.serviceMs).toBeGreaterThan(0);
    expect(chat.serverMs).toBeGreaterThanOrEqual(chat.llmMs);
    expect(chat.serverMs + 1).toBeGreaterThanOrEqual(chat.queueMs + chat.serviceMs);
    expect(lines.filter((l) => l.traceId === null)).toHaveLength(3);
  });
});
