import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { ClosedScheduler, type ClosedLauncher, type VuGroup } from '../../src/load/closed-scheduler.ts';

interface Launch {
  intendedMs: number;
  atMs: number;
  vu: number;
  recorded: boolean;
}

/** A launcher whose iterations end after `iterationMs` (0: on the next turn of the loop). */
function fakeLauncher(iterationMs: number, drop: (n: number) => boolean = () => false): ClosedLauncher & { launches: Launch[]; ends: number[] } {
  const launches: Launch[] = [];
  const ends: number[] = [];
  return {
    launches,
    ends,
    launchClosed(intendedMs, recorded, vu, onEnd) {
      if (drop(launches.length)) {
        launches.push({ intendedMs, atMs: performance.now(), vu, recorded });
        return false;
      }
      launches.push({ intendedMs, atMs: performance.now(), vu, recorded });
      setTimeout(() => {
        const end = performance.now();
        ends.push(end);
        onEnd(end);
      }, iterationMs);
      return true;
    },
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function group(vus: number, durationMs: number, extra: Partial<VuGroup> = {}): VuGroup {
  const now = performance.now();
  return { vus, startMs: now, rampMs: 0, stopMs: now + durationMs, recorded: true, vuBase: 0, ...extra };
}

describe('ClosedScheduler', () => {
  it('keeps every user looping, each next iteration intended at the previous end', async () => {
    const l = fakeLauncher(0);
    const s = new ClosedScheduler(l, [group(4, 150)], 0);
    s.start();
    await sleep(250);
    s.stop();
    const byVu = new Map<number, Launch[]>();
    for (const x of l.launches) byVu.set(x.vu, [...(byVu.get(x.vu) ?? []), x]);
    expect([...byVu.keys()].sort()).toEqual([0, 1, 2, 3]);
    for (const list of byVu.values()) expect(list.length).toBeGreaterThan(1);
    // no iteration is intended at or after the group's stop, and none starts before it is due
    const stopMs = l.launches[0]!.intendedMs + 150;
    for (const x of l.launches) {
      expect(x.intendedMs).toBeLessThan(stopMs + 1);
      expect(x.atMs).toBeGreaterThanOrEqual(x.intendedMs);
    }
    const intended = new Set(l.launches.map((x) => x.intendedMs));
    expect(l.ends.filter((e) => intended.has(e)).length).toBeGreaterThan(0);
  });

  it('waits the think time between iterations of a user', async () => {
    const l = fakeLauncher(0);
    const s = new ClosedScheduler(l, [group(1, 200)], 40);
    s.start();
    await sleep(260);
    s.stop();
    const n = l.launches.length;
    expect(n).toBeGreaterThanOrEqual(2);
    expect(n).toBeLessThanOrEqual(6);
    for (let i = 1; i < n; i++) expect(l.launches[i]!.atMs - l.launches[i - 1]!.atMs).toBeGreaterThanOrEqual(39);
  });

  it('backs a user off after a dropped iteration instead of spinning', async () => {
    const l = fakeLauncher(0, () => true);
    const s = new ClosedScheduler(l, [group(2, 100)], 0);
    s.start();
    await sleep(150);
    s.stop();
    // 10 ms back-off: at most ~10 tries per user in 100 ms (a spinning user would make thousands)
    expect(l.launches.length).toBeGreaterThanOrEqual(2);
    expect(l.launches.length).toBeLessThanOrEqual(30);
  });

  it('starts nothing more once stopped, even for iterations still in flight', async () => {
    const l = fakeLauncher(20);
    const s = new ClosedScheduler(l, [group(3, 10_000)], 0);
    s.start();
    await sleep(50);
    s.stop();
    const n = l.launches.length;
    await sleep(80);
    expect(l.launches.length).toBe(n);
  });

  it('spreads users over the ramp and numbers them from vuBase', async () => {
    const l = fakeLauncher(5);
    const s = new ClosedScheduler(l, [group(4, 200, { rampMs: 120, vuBase: 10, recorded: false })], 0);
    s.start();
    await sleep(20);
    const early = new Set(l.launches.map((x) => x.vu));
    await sleep(150);
    s.stop();
    expect(early.has(10)).toBe(true);
    expect(early.has(13)).toBe(false);
    expect(new Set(l.launches.map((x) => x.vu))).toEqual(new Set([10, 11, 12, 13]));
    expect(l.launches.every((x) => !x.recorded)).toBe(true);
  });
});
