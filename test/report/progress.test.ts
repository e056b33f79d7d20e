import { describe, expect, it } from 'vitest';
import type { Progress } from '../../src/load/types.ts';
import { createProgressSink, formatProgress, resolveProgressMode } from '../../src/report/progress.ts';

function progress(elapsedS: number, over: Partial<Progress> = {}): Progress {
  return {
    name: 'guest-chat',
    elapsedS,
    totalS: 20,
    phase: 'steady',
    targetRps: 30,
    inFlight: 4,
    last: { t: elapsedS, targetRps: 30, sent: 29, ok: 29, failed: 0, dropped: 0, errors: {}, inFlight: 4, p50: 40, p95: 80, p99: 90 },
    p95Ms: 82.4,
    errorsSoFar: 0,
    ...over,
  };
}

describe('progress', () => {
  it('formats elapsed/total, rates, in flight, p95 and errors', () => {
    const line = formatProgress('guest-chat', progress(12, { errorsSoFar: 7, last: { ...progress(12).last, errors: { http_524: 3 } } }), 20);
    expect(line).toContain('0:12/0:20');
    expect(line).toContain('60%');
    expect(line).toContain('rate 29/30 /s  ok 29/s');
    expect(line).toContain('in flight 4');
    expect(line).toContain('p95 82.4 ms');
    expect(line).toContain('errors 7 (http_524×3)');
  });

  it('shows that nothing came back while requests hang, not a full rate', () => {
    const hung = progress(8, { p95Ms: 0, inFlight: 67, last: { ...progress(8).last, sent: 10, ok: 0, p50: 0, p95: 0, p99: 0, inFlight: 67 } });
    const line = formatProgress('x', hung, 20);
    expect(line).toContain('rate 10/30 /s  ok 0/s  in flight 67  p95 -');
  });

  it('shows the last second p95 before the judged window starts', () => {
    expect(formatProgress('x', progress(2, { phase: 'ramp', p95Ms: 0 }), 20)).toContain('p95 80 ms (last 1 s)');
    const empty = progress(1, { phase: 'warmup', p95Ms: 0 });
    empty.last = { ...empty.last, p95: 0 };
    expect(formatProgress('x', empty, 20)).toContain('p95 -');
  });

  it('counts every error kind it lists: warm-up errors are not in errorsSoFar (the recorded run), the line still counts them', () => {
    const warm = (s: number, errors: Progress['last']['errors'], failed: number) =>
      progress(s, { phase: 'warmup', p95Ms: 0, errorsSoFar: 0, last: { ...progress(s).last, ok: 0, failed, errors } });
    expect(formatProgress('x', warm(1, { protocol_error: 8 }, 8), 20)).toContain('errors 8 (protocol_error×8)');
    const out: string[] = [];
    const sink = createProgressSink('x', 20, { mode: 'tty', write: (t) => out.push(t) });
    sink(warm(1, { protocol_error: 8 }, 8));
    sink(warm(2, { protocol_error: 5, dropped: 1 }, 6));
    expect(out[1]).toContain('errors 14 (protocol_error×5 dropped×1)');
    for (const line of out) {
      const shown = Number(line.match(/errors (\d+)/)![1]);
      const listed = [...line.matchAll(/×(\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
      expect(shown).toBeGreaterThanOrEqual(listed);
    }
    const recorded = progress(3, { errorsSoFar: 2, last: { ...progress(3).last, failed: 2, errors: { timeout: 2 } } });
    expect(formatProgress('x', recorded, 20)).toContain('errors 2 (timeout×2)');
  });

  it('redraws in place on a terminal', () => {
    const out: string[] = [];
    const sink = createProgressSink('guest-chat', 20, { mode: 'tty', write: (t) => out.push(t) });
    sink(progress(1));
    sink(progress(2));
    sink.close();
    expect(out).toHaveLength(2);
    expect(out[0]!.startsWith('\x1b[1A')).toBe(false);
    expect(out[1]!.startsWith('\x1b[1A\x1b[2K')).toBe(true);
    expect(out.every((l) => l.endsWith('\n'))).toBe(true);
  });

  it('prints plain lines every interval when not a terminal, and the last state on close', () => {
    const out: string[] = [];
    const sink = createProgressSink('guest-chat', 20, { mode: 'plain', plainIntervalS: 5, write: (t) => out.push(t) });
    for (let s = 1; s <= 12; s++) sink(progress(s));
    sink.close();
    sink(progress(13));
    expect(out.map((l) => l.match(/0:(\d\d)\//)?.[1])).toEqual(['01', '06', '11', '12']);
    expect(out.every((l) => l.startsWith('[perf] ') && !l.includes('\x1b'))).toBe(true);
  });

  it('off writes nothing; a throwing writer never breaks the run', () => {
    const out: string[] = [];
    createProgressSink('x', 5, { mode: 'off', write: (t) => out.push(t) })(progress(1));
    expect(out).toEqual([]);
    const sink = createProgressSink('x', 5, { mode: 'tty', write: () => { throw new Error('EPIPE'); } });
    expect(() => sink(progress(1))).not.toThrow();
  });

  it('reads PERF_PROGRESS_INTERVAL_S with the engine env reader: a bad value is an error naming it, not ignored', () => {
    const saved = process.env.PERF_PROGRESS_INTERVAL_S;
    try {
      process.env.PERF_PROGRESS_INTERVAL_S = 'abc';
      expect(() => createProgressSink('x', 5, { mode: 'plain', write: () => {} })).toThrow(/PERF_PROGRESS_INTERVAL_S: expected a positive number \(got "abc"\)/);
      process.env.PERF_PROGRESS_INTERVAL_S = '10';
      const out: string[] = [];
      const sink = createProgressSink('x', 30, { mode: 'plain', write: (t) => out.push(t) });
      for (const s of [1, 6, 11, 12]) sink(progress(s));
      expect(out.map((l) => l.match(/0:(\d\d)\//)?.[1])).toEqual(['01', '11']);
    } finally {
      if (saved === undefined) delete process.env.PERF_PROGRESS_INTERVAL_S;
      else process.env.PERF_PROGRESS_INTERVAL_S = saved;
    }
  });

  it('resolves the mode from PERF_PROGRESS, the terminal and the reporter hint', () => {
    expect(resolveProgressMode({ PERF_PROGRESS: 'off' }, true)).toBe('off');
    expect(resolveProgressMode({}, true)).toBe('tty');
    expect(resolveProgressMode({}, false)).toBe('plain');
    expect(resolveProgressMode({ PERF_PROGRESS_TTY: '1' }, false)).toBe('tty');
  });
});
