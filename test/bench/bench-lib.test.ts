import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startDelayServer } from '../../bench/lib/delay-server.ts';
import { NGINX_BIN, startNginx } from '../../bench/lib/nginx.ts';
import { median, spread, stddev } from '../../bench/lib/stats.ts';
import { table } from '../../bench/lib/context.ts';

const alive = (pid: number | undefined): boolean => {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('bench statistics', () => {
  it('takes the median of odd and even series, ignoring non-finite values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([Number.NaN, 5])).toBe(5);
    expect(median([])).toBeNaN();
  });

  it('computes a population stddev and a median (min-max) spread', () => {
    expect(stddev([2, 4, 4, 4, 5, 5, 7, 9])).toBe(2);
    expect(spread([10.123, 30, 20], 1)).toEqual({ median: 20, min: 10.1, max: 30, values: [10.1, 30, 20] });
  });

  it('renders a markdown table', () => {
    expect(table(['a', 'b'], [[1, 'x']])).toBe('| a | b |\n| --- | --- |\n| 1 | x |');
  });
});

describe('bench targets', () => {
  it.skipIf(!existsSync(NGINX_BIN))('starts nginx on a free local port answering 200 ok, and stops it for good', async () => {
    const n = await startNginx(undefined);
    const pid = n.pid;
    try {
      expect(n.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const res = await fetch(`${n.url}any/path`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('ok');
      expect(alive(pid)).toBe(true);
    } finally {
      await n.stop();
    }
    expect(alive(pid)).toBe(false);
  });

  it('runs the fixed-delay server in its own process and reports its own measured delay', async () => {
    const s = await startDelayServer(undefined, 20);
    const pid = s.pid;
    try {
      expect(pid).not.toBe(process.pid);
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        const res = await fetch(s.url);
        expect(await res.text()).toBe('ok');
        expect(performance.now() - t).toBeGreaterThanOrEqual(19);
      }
      const stats = await s.takeStats();
      expect(stats.count).toBe(5);
      expect(stats.p50).toBeGreaterThanOrEqual(19.5);
      expect((await s.takeStats()).count).toBe(0);
    } finally {
      await s.stop();
    }
    expect(alive(pid)).toBe(false);
  });
});
