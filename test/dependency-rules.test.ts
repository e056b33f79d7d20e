import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEPCRUISE = join(ROOT, 'node_modules', '.bin', 'depcruise');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

/** The rule violations dependency-cruiser finds in `folders` of `cwd`, with the project's rules. */
async function violations(cwd: string, folders: readonly string[]): Promise<string[]> {
  const run = promisify(execFile);
  const args = ['--config', CONFIG, '--output-type', 'json', ...folders];
  let stdout: string;
  try {
    ({ stdout } = await run(DEPCRUISE, args, { cwd, maxBuffer: 64 * 1024 * 1024 }));
  } catch (err) {
    // Exit code 1+ means violations were found; the JSON is still on stdout.
    stdout = (err as { stdout?: string }).stdout ?? '';
    if (stdout === '') throw err;
  }
  const found = (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations;
  return found.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
}

describe('the import rules (.dependency-cruiser.cjs)', () => {
  it('hold in the whole project: no cycles, src/ imports none of helpers/perf/sim, helpers/ never imports perf/, the engine only through src/index.ts', async () => {
    expect(await violations(ROOT, ['src', 'helpers', 'perf', 'sim', 'bench', 'bin', 'test'])).toEqual([]);
  });

  it('catch each kind of forbidden import (a fixture tree that breaks every rule once)', async () => {
    const found = await violations(join(ROOT, 'test', 'fixtures', 'deps'), ['src', 'helpers', 'perf', 'sim']);
    expect(found).toEqual(
      expect.arrayContaining([
        'engine-knows-nothing-of-godgpt: src/engine.ts -> helpers/endpoint.ts',
        'helpers-never-import-perf: helpers/endpoint.ts -> perf/list.ts',
        'engine-through-its-entry: helpers/endpoint.ts -> src/engine.ts',
        'sim-stands-beside: sim/main.ts -> perf/list.ts',
        'no-cycles: helpers/endpoint.ts -> perf/list.ts',
      ]),
    );
  });
});
