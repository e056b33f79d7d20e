import type { ShardSpec } from './types.ts';

/** Iterations k < n of the global schedule that shard `s` takes (k ≡ index mod count). */
export function shareBelow(n: number, s: ShardSpec | undefined): number {
  if (s === undefined || s.count <= 1) return n;
  return Math.max(0, Math.floor((n - s.index + s.count - 1) / s.count));
}

/** Virtual users of a closed-model shard: users u ≡ index (mod count) of the global `vus`, as even as can be. */
export function shardVus(vus: number, s: ShardSpec | undefined): number {
  return shareBelow(vus, s);
}

/**
 * Waits until the epoch instant `atMs` (`Date.now()` clock), cut short by `signal`. Sleeps in
 * steps of at most 1 s so that a clock step during the wait is followed.
 */
export async function sleepUntilEpoch(atMs: number, signal: AbortSignal | undefined): Promise<void> {
  while (!signal?.aborted) {
    const left = atMs - Date.now();
    if (left <= 0) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(done, Math.min(left, 1000));
      function done(): void {
        clearTimeout(t);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
