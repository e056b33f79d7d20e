// Simulator benchmark: its own throughput on a light endpoint (GET /api/query/user-id, autocannon)
// and how many concurrent chat streams (mocked LLM) it holds with sane time to first token.
// Run alone: `pnpm tsx bench/sim.ts`; bench/main.ts calls runSimBenchmark().
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Agent, request } from 'undici';
import { startSimProcess, type SimProcess } from '../sim/process.ts';

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
  timeouts: number;
}
type Autocannon = (o: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const LIGHT_DURATION_S = 6;
const LIGHT_CONNECTIONS = 64;
const STREAM_COUNTS = [300, 1000];

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};
const r1 = (v: number) => Math.round(v * 10) / 10;

async function cpuSeconds(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^process_cpu_seconds_total (\S+)$/m.exec(text)?.[1] ?? NaN);
}

async function loginToken(url: string): Promise<string> {
  const seeded = await fetch(`${url}/_sim/seed-users`, { method: 'POST', body: JSON.stringify({ count: 1, emailPrefix: 'bench', password: 'Passw0rd!' }) });
  const email = ((await seeded.json()) as { users: { email: string }[] }).users[0]!.email;
  const res = await fetch(`${url}/connect/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'AevatarAuthServer', scope: 'Aevatar offline_access', username: email, password: 'Passw0rd!' }).toString(),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

async function lightEndpoint(sim: SimProcess, token: string): Promise<Record<string, number>> {
  const cpuBefore = await cpuSeconds(sim.url);
  const r = await autocannon({ url: `${sim.url}/api/query/user-id`, connections: LIGHT_CONNECTIONS, duration: LIGHT_DURATION_S, headers: { authorization: `Bearer ${token}` } });
  const cpu = (await cpuSeconds(sim.url)) - cpuBefore;
  return {
    'userId.rps': Math.round(r.requests.average),
    'userId.p50Ms': r.latency.p50,
    'userId.p99Ms': r.latency.p99,
    'userId.errors': r.errors + r.non2xx + r.timeouts,
    'userId.simCpuMsPerRequest': r.requests.total ? Math.round((cpu * 1e6) / r.requests.total) / 1000 : NaN,
  };
}

/** Opens `n` chat streams at once and reads them to the end. */
async function streams(sim: SimProcess, token: string, n: number): Promise<Record<string, number>> {
  const session = ((await (await fetch(`${sim.url}/api/godgpt/create-session`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' })).json()) as { data: string }).data;
  const agent = new Agent({ connections: n + 10, pipelining: 0 });
  const ttft: number[] = [];
  const total: number[] = [];
  let completed = 0;
  let peakOpen = 0;
  const poll = setInterval(async () => {
    const m = /^sim_open_streams (\S+)$/m.exec(await (await fetch(`${sim.url}/metrics`)).text());
    peakOpen = Math.max(peakOpen, Number(m?.[1] ?? 0));
  }, 200);
  const cpuBefore = await cpuSeconds(sim.url);
  const started = performance.now();
  await Promise.all(Array.from({ length: n }, async () => {
    const s = performance.now();
    try {
      const res = await request(`${sim.url}/api/gotgpt/chat`, {
        method: 'POST', dispatcher: agent, headersTimeout: 60_000, bodyTimeout: 60_000,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ sessionId: session, content: 'Guide me through a calm breath' }),
      });
      let first = true;
      let body = '';
      for await (const chunk of res.body) {
        if (first) {
          ttft.push(performance.now() - s);
          first = false;
        }
        body += chunk.toString();
      }
      total.push(performance.now() - s);
      if (res.statusCode === 200 && body.endsWith('event: completed\n') && body.includes('"IsLastChunk":true')) completed++;
    } catch {
      /* counted as not completed */
    }
  }));
  const wallS = (performance.now() - started) / 1000;
  clearInterval(poll);
  const cpu = (await cpuSeconds(sim.url)) - cpuBefore;
  await agent.close();
  return {
    [`streams${n}.completed`]: completed,
    [`streams${n}.peakOpen`]: peakOpen,
    [`streams${n}.ttftP50Ms`]: r1(pct(ttft, 50)),
    [`streams${n}.ttftP99Ms`]: r1(pct(ttft, 99)),
    [`streams${n}.durationP50Ms`]: r1(pct(total, 50)),
    [`streams${n}.wallS`]: r1(wallS),
    [`streams${n}.simCpuS`]: Math.round(cpu * 100) / 100,
  };
}

/** Measures the simulator (healthy profile, own process). Takes about 20 s. */
export async function runSimBenchmark(): Promise<Record<string, number>> {
  const sim = await startSimProcess({ profile: 'healthy' });
  try {
    const token = await loginToken(sim.url);
    const out: Record<string, number> = { ...(await lightEndpoint(sim, token)) };
    for (const n of STREAM_COUNTS) Object.assign(out, await streams(sim, token, n));
    return out;
  } finally {
    await sim.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runSimBenchmark().then(
    (r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
    (err: unknown) => {
      process.stderr.write(`sim benchmark failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
