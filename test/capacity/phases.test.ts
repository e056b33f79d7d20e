import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCapacityCommand } from '../../src/cli/capacity.ts';
import { memoryIo } from '../../src/cli/io.ts';
import type { SuitePlugin } from '../../src/suite/types.ts';
import { godgptSuite } from '../../helpers/suite-plugin.ts';
import { useSuiteEndpoints } from '../../perf/endpoints/index.ts';

// The helpers under test find the suite's endpoints as an entry point hands them over.
useSuiteEndpoints();

let server: Server;
let baseUrl = '';
beforeAll(async () => {
  server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** `chat` runs in two phases, `ping` in none; records what `prepare` was asked for. */
function suite(prepared: string[]): SuitePlugin {
  const slo = { latencyMs: { p95: 500 }, errorRate: 0.01 };
  return {
    baseUrl: () => baseUrl,
    endpoints: () => [
      { id: 'chat', route: 'GET /chat', targetRps: 20, slo, sse: false, phases: [{ id: 'old', label: 'old users' }, { id: 'new', label: 'new users' }] },
      { id: 'ping', route: 'GET /ping', targetRps: 20, slo, sse: false },
    ],
    prepare: async (id, phase) => {
      prepared.push(`${id}:${phase ?? '-'}`);
      return { scenario: { url: `${baseUrl}/${id}` }, close: async () => undefined };
    },
  };
}

const FAST = ['--start', '20', '--step', '20', '--max', '20', '--step-duration', '1', '--ramp', '0', '--settle', '0', '--quiet', '--max-dispatch-lag', '200', '--max-late-ratio', '0.5'];

async function capacity(args: string[]): Promise<{ code: number; prepared: string[]; names: string[]; err: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'capacity-phase-'));
  const prepared: string[] = [];
  const io = memoryIo({ env: {} });
  const code = await runCapacityCommand([...args, ...FAST], io, suite(prepared), { resultsDir: dir });
  const names = code === 0 ? (JSON.parse(readFileSync(join(dir, 'capacity.json'), 'utf8')) as { endpoint: string }[]).map((r) => r.endpoint) : [];
  return { code, prepared, names, err: io.err.join('\n') };
}

describe('perf capacity --phase', () => {
  it('searches each phase of a phased endpoint by default, only that phase with --phase (endpoints without phases dropped), and refuses an unknown phase', async () => {
    const both = await capacity(['chat']);
    expect(both.code, both.err).toBe(0);
    expect(both.prepared).toEqual(['chat:old', 'chat:new']);
    expect(both.names).toEqual(['chat · old users', 'chat · new users']);

    const fresh = await capacity(['--phase', 'new']);
    expect(fresh.code, fresh.err).toBe(0);
    expect(fresh.prepared).toEqual(['chat:new']);
    expect(fresh.names).toEqual(['chat · new users']);

    const bad = await capacity(['--phase', 'young']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--phase: expected old or new, got "young"/);
    const unphased = await capacity(['ping', '--phase', 'old']);
    expect(unphased.code).toBe(2);
    expect(unphased.err).toMatch(/--phase: none of these endpoints runs in phases/);
  });

  it('the GodGPT suite declares old and new phases for the six phased endpoints only', () => {
    const phased = godgptSuite.endpoints().filter((e) => e.phases).map((e) => [e.id, e.phases!.map((p) => `${p.id}=${p.label}`).join(',')]);
    expect(Object.fromEntries(phased)).toEqual({
      'create-session': 'old=old users,new=new users',
      chat: 'old=old users,new=new users',
      'voice-chat': 'old=old users,new=new users',
      'account-update': 'old=old users,new=new users',
      'blob-upload': 'old=old users,new=new users',
      // A first call also makes the user's invite code (GG GetInvitationInfoAsync).
      'invitation-info': 'old=old users,new=new users',
    });
  });
});
