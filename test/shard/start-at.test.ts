import { describe, expect, test } from 'vitest';
import { memoryIo } from '../../src/cli/io.ts';
import { runRunCommand } from '../../src/cli/run.ts';
import { isPerfError, runLoad } from '../../src/index.ts';
import type { RunLoad } from '../../src/load/types.ts';
import { checkStartWait, MAX_START_WAIT_S } from '../../src/shard/start.ts';

const NOW = Date.parse('2026-12-06T22:00:00Z');

function refused(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(isPerfError(err) && err.code).toBe('PERF_ERR_CONFIG');
    return (err as Error).message;
  }
  throw new Error('not refused');
}

describe('the start instant of a shard (PERF_START_AT, --start-at, startAt)', () => {
  test('a past start is refused naming the option and how late it is', () => {
    expect(refused(() => checkStartWait(NOW - 90_000, 'PERF_START_AT', NOW))).toBe(
      'PERF_START_AT: 2026-12-06T21:58:30.000Z is already past (now 2026-12-06T22:00:00.000Z, 1 min 30 s late); give every shard the same future instant',
    );
  });

  test('a start further than 24 h is refused (it waited silently, and overflowed Node timers past 24.8 days)', () => {
    expect(MAX_START_WAIT_S).toBe(86_400);
    expect(refused(() => checkStartWait(Date.parse('2099-01-01T00:00:00Z'), '--start-at', NOW))).toMatch(
      /^--start-at: 2099-01-01T00:00:00\.000Z is \d+ days away; expected at most 24 h from now \(2026-12-06T22:00:00\.000Z\)/,
    );
    expect(refused(() => checkStartWait(NOW + 86_400_001, 'PERF_START_AT', NOW))).toMatch(/^PERF_START_AT: .* expected at most 24 h/);
  });

  test('otherwise it says how long it waits, until when', () => {
    expect(checkStartWait(NOW + 5 * 60_000 + 12_000, 'PERF_START_AT', NOW)).toBe('PERF_START_AT: waiting 5 min 12 s, until 2026-12-06T22:05:12.000Z, to start recording');
    expect(checkStartWait(NOW + 86_400_000, 'PERF_START_AT', NOW)).toBe('PERF_START_AT: waiting 24 h, until 2026-12-07T22:00:00.000Z, to start recording');
    expect(checkStartWait(NOW + 3 * 3600_000 + 60_000, '--start-at', NOW)).toBe('--start-at: waiting 3 h 1 min, until 2026-12-07T01:01:00.000Z, to start recording');
  });

  test('runLoad refuses a start further than 24 h before any request', async () => {
    const err = await runLoad({ scenario: { url: 'http://127.0.0.1:9/x' }, model: { type: 'arrival-rate', stages: [{ durationS: 1, target: 1 }] }, startAt: Date.parse('2099-01-01T00:00:00Z') }).catch((e: unknown) => e);
    expect(isPerfError(err) && err.code).toBe('PERF_ERR_CONFIG');
    expect((err as Error).message).toMatch(/^startAt: 2099-01-01T00:00:00\.000Z is \d+ days away; expected at most 24 h/);
  });
});

describe('perf run --start-at', () => {
  const noEngine: RunLoad = async () => {
    throw new Error('the engine must not run');
  };
  const base = ['--url', 'http://127.0.0.1:9/x', '--rate', '10', '--duration', '1', '--shard', '0/2'];

  test('a past or far-future --start-at exits 2 naming the flag, before the preflight connect and any request', async () => {
    for (const at of [String(Date.now() - 1000), '2099-01-01T00:00:00Z']) {
      const io = memoryIo({ env: {} });
      const code = await runRunCommand([...base, '--start-at', at], io, { runLoad: noEngine });
      expect(code).toBe(2);
      expect(io.err).toEqual([expect.stringMatching(/^--start-at: .*(already past|expected at most 24 h)/)]);
    }
  });

  test('a start ahead prints how long it waits, until when', async () => {
    const at = new Date(Date.now() + 600_000).toISOString();
    const io = memoryIo({ env: {} });
    const fake: RunLoad = async () => {
      throw new Error('stop here');
    };
    await runRunCommand([...base, '--start-at', at, '--no-preflight'], io, { runLoad: fake });
    expect(io.err).toContainEqual(expect.stringMatching(new RegExp(`^perf run: --start-at: waiting (9 min 5\\d s|10 min), until ${at.replace(/\./g, '\\.')}, to start recording$`)));
  });
});
