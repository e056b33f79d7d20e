import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const FIXTURE = resolve(import.meta.dirname, 'fixtures/guarded-run.ts');

/** Runs the fixture, sends `signals` once it is ready (the second one after the first line it answers with). */
function run(signals: NodeJS.Signals[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    let sent = 0;
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (sent === 0 && stdout.includes('READY')) child.kill(signals[sent++]!);
      else if (sent === 1 && signals.length > 1 && stdout.includes('CANCEL')) child.kill(signals[sent++]!);
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

  it('a second signal quits at once', async () => {
    const r = await run(['SIGINT', 'SIGINT']);
    expect(r.stdout).toContain('SIGINT again');
    expect(r.stdout).not.toContain('PARTIAL RESULTS WRITTEN');
    expect(r.code).toBe(130);
  });
});
