import { shardVus } from '../shard/split.ts';
import { ClosedScheduler, type ClosedLauncher, type VuGroup } from './closed-scheduler.ts';
import { OpenScheduler, type Launcher, type Phase } from './open-scheduler.ts';
import type { ResolvedOptions } from './options.ts';
import { openWarmupSchedule } from './plan.ts';
import { arrivalTimes } from './arrivals.ts';

/** Far below any schedule's spacing, far above float error on performance.now() values. */
const EDGE_EPS_S = 1e-7;

/**
 * Whether an iteration intended at `intendedMs` falls in the judged window. Instants on a window
 * edge come back a few ulps off (`(t + 2000) - t` is not always 2000), so they are nudged by
 * {@link EDGE_EPS_S} before comparing: an instant on `fromS` is in, one on `toS` is out.
 */
export function inJudgedWindow(intendedMs: number, recStartMs: number, window: { fromS: number; toS: number }): boolean {
  const relS = (intendedMs - recStartMs) / 1000 + EDGE_EPS_S;
  return relS >= window.fromS && relS < window.toS;
}

/** The running scheduler of a run: open (arrival rate) or closed (virtual users). */
export type Schedulers = { open: OpenScheduler; closed: null } | { open: null; closed: ClosedScheduler };

/**
 * Starts the schedulers of `o.model` at `t0`, recording from `recStartMs` (Infinity until it is
 * known); `onScheduleEnd` fires when the last open iteration is scheduled. The open warm-up ramps
 * to its rate over half of `warmupS`, holds it until the recording starts.
 */
export function startSchedulers(
  host: Launcher & ClosedLauncher,
  o: ResolvedOptions,
  t0: number,
  recStartMs: number,
  onScheduleEnd: () => void,
): Schedulers {
  const m = o.model;
  const split = o.shard === undefined ? {} : { first: o.shard.index, stride: o.shard.count };
  if (m.type === 'arrival-rate') {
    const phases: Phase[] = [];
    if (o.warmupS > 0) {
      // A known recording start (startAt) ends the warm-up there; otherwise beginRecording does.
      const end = Number.isFinite(recStartMs) ? { endMs: recStartMs } : {};
      phases.push({ schedule: openWarmupSchedule(o, m.warmupRate), offsetMs: t0, recorded: false, ...end, ...split });
    }
    phases.push({ schedule: arrivalTimes(m.schedule, m.arrivals), offsetMs: recStartMs, recorded: true, ...split });
    const open = new OpenScheduler(host, phases, onScheduleEnd);
    open.start();
    return { open, closed: null };
  }
  const groups: VuGroup[] = [];
  const part = (vus: number) => ({ vus: shardVus(vus, o.shard), ...split, totalVus: vus });
  if (o.warmupS > 0) groups.push({ ...part(m.warmupVus), startMs: t0, rampMs: 0, stopMs: recStartMs, recorded: false, vuBase: m.vus });
  groups.push({ ...part(m.vus), startMs: recStartMs, rampMs: m.rampS * 1000, stopMs: recStartMs + m.durationS * 1000, recorded: true, vuBase: 0 });
  const closed = new ClosedScheduler(host, groups, m.thinkTimeMs);
  closed.start();
  return { open: null, closed };
}
