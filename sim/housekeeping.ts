import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { SimRuntime } from './runtime.ts';

let gcFn: (() => void) | null | undefined;

/** V8's full collection, exposed at run time (no `--expose-gc` flag needed); null if unavailable. */
export function fullGc(): (() => void) | null {
  if (gcFn !== undefined) return gcFn;
  try {
    setFlagsFromString('--expose-gc');
    const fn: unknown = runInNewContext('gc');
    gcFn = typeof fn === 'function' ? (fn as () => void) : null;
  } catch {
    gcFn = null;
  }
  return gcFn;
}

/**
 * The silo's background work, on one timer: frees sessions idle past `sessionIdleTtlMs`, drops
 * activations idle past `activationIdleMs`, and after `idleGcMs` without API traffic runs one full
 * GC so memory the service no longer holds is given back within seconds (as the real service's
 * runtime does when idle), rather than whenever V8 gets to it. Returns the stop function.
 */
export function startHousekeeping(rt: SimRuntime, lastApiRequestMs: () => number): () => void {
  const { config, state } = rt;
  const periods = [config.sessionIdleTtlMs / 4, config.activationIdleMs / 4, config.idleGcMs / 2].filter((p) => p > 0);
  if (periods.length === 0) return () => {};
  const everyMs = Math.max(200, Math.min(10_000, ...periods));
  const gc = config.idleGcMs > 0 ? fullGc() : null;
  let lastGcMs = 0;
  let freedSinceGc = 0;
  const timer = setInterval(() => {
    const now = Date.now();
    state.sweepIdle(now);
    freedSinceGc += state.deactivateIdle(now);
    if (!gc) return;
    const last = lastApiRequestMs();
    const idle = now - last >= config.idleGcMs;
    if (idle && (last > lastGcMs || freedSinceGc > 0)) {
      gc();
      lastGcMs = Date.now();
      freedSinceGc = 0;
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
