import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SimulatorError } from '../errors.ts';
import { startSimProcess } from '../process.ts';

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Alive and not a zombie. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function waitForLine(stream: NodeJS.ReadableStream, re: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`no line matching ${re} within ${timeoutMs} ms: ${buf}`)), timeoutMs);
    stream.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = re.exec(buf);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
  });
}

describe('startSimProcess', () => {
  it('starts the simulator in a child process, answers, and stops it', async () => {
    const sim = await startSimProcess({ profile: 'fast', args: ['--seed-users', '5'], env: { SIM_PRESSURE_MODE: '1' } });
    try {
      expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(alive(sim.pid)).toBe(true);
      const r = await fetch(`${sim.url}/api/godgpt/query-version`);
      expect(r.status).toBe(200);
      expect(((await r.json()) as { code: string }).code).toBe('20000');
      const state = (await (await fetch(`${sim.url}/_sim/state`)).json()) as { users: number; profile: string; pressureMode: boolean };
      expect(state).toMatchObject({ users: 5, profile: 'fast', pressureMode: true });
      const token = await fetch(`${sim.url}/connect/token`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=password&client_id=AevatarAuthServer&username=simuser5%40teml.net&password=Passw0rd!',
      });
      expect(token.status).toBe(200);
    } finally {
      await sim.stop();
    }
    expect(alive(sim.pid)).toBe(false);
    await sim.stop();
  });

  it('fails with a SimulatorError carrying the stderr tail when the child dies before ready', async () => {
    const err = await startSimProcess({ profile: 'no-such-profile' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SimulatorError);
    expect((err as SimulatorError).code).toBe('SIM_ERR');
    expect((err as Error).message).toMatch(/exited before it was ready/);
    expect((err as Error).message).toMatch(/unknown simulator profile "no-such-profile"/);
  });

  it('fails with a SimulatorError when the child is not ready in time, and kills it', async () => {
    const err = await startSimProcess({ profile: 'fast', readyTimeoutMs: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SimulatorError);
    expect((err as Error).message).toMatch(/not ready after 1 ms/);
  });

  it('the child exits by itself when its stdin closes', async () => {
    const child = spawn(process.execPath, ['--import', TSX, fileURLToPath(new URL('../main.ts', import.meta.url)), '--profile', 'fast', '--watch-stdin'], { stdio: ['pipe', 'pipe', 'pipe'] });
    await waitForLine(child.stdout, /listening on (http:\/\/\S+)/, 30_000);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.stdin.end();
    expect(await exited).toBe(0);
  });

  it('the child exits when its parent is killed with SIGKILL (no orphan)', async () => {
    const parent = spawn(process.execPath, ['--import', TSX, fileURLToPath(new URL('./fixtures/parent.ts', import.meta.url))], { stdio: ['ignore', 'pipe', 'pipe'] });
    const m = await waitForLine(parent.stdout, /CHILD (\d+) (http\S+)/, 30_000);
    const pid = Number(m[1]);
    expect(alive(pid)).toBe(true);
    expect((await fetch(`${m[2]}/api/godgpt/query-version`)).status).toBe(200);
    parent.kill('SIGKILL');
    await expect.poll(() => alive(pid), { timeout: 5_000, interval: 100 }).toBe(false);
  });
});
