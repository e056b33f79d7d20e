import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const FIXTURE = resolve(import.meta.dirname, 'fixtures/guarded-run.ts');

/**
 * Runs the fixture, sends `signals` once it is ready: the second one `gapMs` after the first line
 * it answers with (the run winds down for `windDownMs`).
 */
function run(signals: NodeJS.Signals[], o: { gapMs?: number; windDownMs?: number } = {}): Promise<{ code: number | null; stdout: string }> {
  return new Promise((done) => {
    const env = { ...process.env, WIND_DOWN_MS: String(o.windDownMs ?? 300) };
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    let sent = 0;
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (sent === 0 && stdout.includes('READY')) child.kill(signals[sent++]!);
      else if (sent === 1 && signals.length > 1 && stdout.includes('CANCEL')) {
        sent++;
        setTimeout(() => child.kill(signals[1]!), o.gapMs ?? 0);
      }
    });
    child.on('close', (code) => {
      clearTimeout(killer);
      done({ code, stdout });
    });
  });
}

describe('cancelRunOnSignals (vitest main process)', () => {
  it('SIGINT cancels the run instead of quitting, lets it wind down and exits 130', async () => {
    const r = await run(['SIGINT']);
    expect(r.stdout).not.toContain('VITEST QUICK EXIT');
    expect(r.stdout).toContain('CANCEL SIGINT');
    expect(r.stdout).toContain('PARTIAL RESULTS WRITTEN');
    expect(r.code).toBe(130);
  });

  it('SIGTERM does the same and exits 143', async () => {
    const r = await run(['SIGTERM']);
    expect(r.stdout).toContain('CANCEL SIGTERM');
    expect(r.stdout).toContain('PARTIAL RESULTS WRITTEN');
    expect(r.code).toBe(143);
  });

  it('a second signal (a second Ctrl-C, over a second after the first) quits at once', async () => {
    const r = await run(['SIGINT', 'SIGINT'], { gapMs: 1500, windDownMs: 5000 });
    expect(r.stdout).toContain('SIGINT again');
    expect(r.stdout).not.toContain('PARTIAL RESULTS WRITTEN');
    expect(r.code).toBe(130);
  });

  it('the same signal again within a second is the same Ctrl-C (pnpm relays the signal the process group got): the run still winds down and writes its results', async () => {
    const r = await run(['SIGINT', 'SIGINT'], { gapMs: 0, windDownMs: 1500 });
    expect(r.stdout).not.toContain('SIGINT again: quitting');
    expect(r.stdout).toContain('PARTIAL RESULTS WRITTEN');
    expect(r.code).toBe(130);
  });
});
