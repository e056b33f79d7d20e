// The simulator's session-list cost as the list grows: one user with N sessions (seeded through
// /_sim/seed-sessions), GET /api/godgpt/session-list at the endpoint's target rate, latency and
// response size per N. The generator does not parse the bodies (no check), so the numbers are the
// simulator's. Run alone (take the LOADLOCK): `pnpm tsx bench/session-list-cost.ts [rate] [holdS]`.
import { pathToFileURL } from 'node:url';
import { runLoad } from '../src/index.ts';
import { startSimProcess } from '../sim/process.ts';

const ITEMS = [10, 100, 1000, 4000];

async function post(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

async function heavyUser(url: string, n: number): Promise<string> {
  const seeded = (await post(`${url}/_sim/seed-users`, { count: 1, emailPrefix: `heavy${n}x`, password: 'Passw0rd!' })) as { users: { id: string; email: string }[] };
  const u = seeded.users[0]!;
  await post(`${url}/_sim/seed-sessions`, { user: u.id, count: n });
  const res = await fetch(`${url}/connect/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'AevatarAuthServer', scope: 'Aevatar offline_access', username: u.email, password: 'Passw0rd!' }).toString(),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

export interface SessionListCostRow { items: number; bytes: number; achievedRps: number; p50: number; p95: number; p99: number; errorRate: number }

export async function runSessionListCost(rate = 250, holdS = 10): Promise<SessionListCostRow[]> {
  const sim = await startSimProcess({ profile: 'healthy' });
  const rows: SessionListCostRow[] = [];
  try {
    for (const n of ITEMS) {
      const token = await heavyUser(sim.url, n);
      const s = await runLoad({
        name: `session-list-${n}`,
        baseUrl: sim.url,
        scenario: { name: 'session-list', url: '/api/godgpt/session-list', headers: { authorization: `Bearer ${token}`, accept: 'application/json' } },
        model: { type: 'arrival-rate', startRate: rate / 4, stages: [{ durationS: 2, target: rate }, { durationS: holdS, target: rate }] },
        warmupS: 1,
        connections: 64,
        timeoutMs: 10_000,
      });
      rows.push({ items: n, bytes: s.responseBytes.p50, achievedRps: s.throughput.achievedRps, p50: s.latencyMs.p50, p95: s.latencyMs.p95, p99: s.latencyMs.p99, errorRate: s.errorRate });
    }
  } finally {
    await sim.stop();
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rate = Number(process.argv[2] ?? 250);
  const holdS = Number(process.argv[3] ?? 10);
  const rows = await runSessionListCost(rate, holdS);
  console.log(`| items | bytes per response | achieved QPS (target ${rate}) | p50 ms | p95 ms | p99 ms | errors |`);
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.items} | ${r.bytes} | ${r.achievedRps} | ${r.p50} | ${r.p95} | ${r.p99} | ${(r.errorRate * 100).toFixed(2)}% |`);
}
