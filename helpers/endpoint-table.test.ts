import { describe, expect, it } from 'vitest';
import type { EndpointDef } from './endpoint.ts';
import { endpointTable } from './endpoint-table.ts';

const def = (over: Partial<EndpointDef>): EndpointDef => ({
  id: 'x', route: 'POST /x', priority: 'P2', effects: [], targetRps: 5, slo: { latencyMs: { p95: 100 } }, why: { latencyMs: 'a reason' }, sse: false,
  connections: 4, timeoutMs: 1000, leakCheck: false, scenarios: [{ name: 'a', users: 'guests', build: async () => async () => undefined }], ...over,
});

describe('the generated endpoint table of perf/README.md', () => {
  it('has a priority column and an effects column (what a request does outside the API; empty for none)', () => {
    const [header, , ...rows] = endpointTable([def({ id: 'send-register-code', effects: ['email'] }), def({ id: 'account', priority: 'P1' })]);
    const cols = header!.split(' | ');
    const at = (row: string, name: string) => row.split(' | ')[cols.findIndex((c) => c.includes(name))];
    expect(at(rows[0]!, 'priority')).toBe('P2');
    expect(at(rows[0]!, 'effects')).toBe('email');
    expect(at(rows[1]!, 'priority')).toBe('P1');
    expect(at(rows[1]!, 'effects')).toBe('');
  });
});
