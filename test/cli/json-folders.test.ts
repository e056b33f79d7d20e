import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.ts';
import { memoryIo } from '../../src/cli/io.ts';
import { checkOutputFile } from '../../src/cli/output-file.ts';
import { runRunCommand } from '../../src/cli/run.ts';
import type { RunLoadOptions } from '../../src/load/types.ts';
import type { RunSummary } from '../../src/result/types.ts';
import { makeSummary } from '../slo/fixtures.ts';

let server: Server;
let base: string;
const tmp = mkdtempSync(join(tmpdir(), 'perf-cli-json-'));

beforeAll(async () => {
  server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('perf run --json: folders are created only for a run that starts', () => {
  it('the pre-check leaves no folder behind', () => {
    const file = join(tmp, 'check', 'deep', 'o.json');
    expect(checkOutputFile(file, '--json')).toBe(file);
    expect(existsSync(join(tmp, 'check'))).toBe(false);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('a run refused by the pre-flight (unreachable target) creates no folder', async () => {
    const file = join(tmp, 'refused', 'deep', 'o.json');
    const io = memoryIo({ env: {} });
    const calls: RunLoadOptions[] = [];
    const runLoad = async (o: RunLoadOptions): Promise<RunSummary> => (calls.push(o), makeSummary({}));
    expect(await runRunCommand(['--url', 'http://127.0.0.1:1/x', '--rate', '5', '--duration', '1', '-q', '--json', file], io, { runLoad })).toBe(2);
    expect(io.err[0]).toMatch(/^target unreachable/);
    expect(calls).toHaveLength(0);
    expect(existsSync(join(tmp, 'refused'))).toBe(false);
  });

  it('a run the engine refuses creates no folder', async () => {
    const file = join(tmp, 'engine-refused', 'o.json');
    const io = memoryIo({ env: {} });
    const runLoad = async (): Promise<RunSummary> => {
      throw new ConfigError('model: refused');
    };
    expect(await runRunCommand(['--url', `${base}/x`, '--rate', '5', '--duration', '1', '-q', '--json', file], io, { runLoad })).toBe(2);
    expect(io.err).toEqual(['model: refused']);
    expect(existsSync(join(tmp, 'engine-refused'))).toBe(false);
  });

  it('a run that starts gets its folders and its file', async () => {
    const file = join(tmp, 'ran', 'deep', 'o.json');
    const io = memoryIo({ env: {} });
    const runLoad = async (o: RunLoadOptions): Promise<RunSummary> => makeSummary({ name: o.name ?? 'run' });
    expect(await runRunCommand(['--url', `${base}/x`, '--rate', '5', '--duration', '1', '-q', '--json', file], io, { runLoad })).toBe(0);
    expect((JSON.parse(readFileSync(file, 'utf8')) as RunSummary).name).toBe('GET /x');
    expect(readdirSync(join(tmp, 'ran', 'deep'))).toEqual(['o.json']);
  });
});
