import type { CapacityResult } from './types.ts';

const rate = (v: number): string => `${Number(v.toFixed(1))}/s`;

/** The one-sentence verdict of a search. */
export function capacityVerdict(r: CapacityResult, firstBadRps: number | null, maxRps: number, minRps = 1): string {
  const stable = r.maxStableRps === null ? 'no stable rate found' : `maximum stable rate ${rate(r.maxStableRps)}`;
  const bad = firstBadRps === null ? undefined : r.steps.find((s) => s.targetRps === firstBadRps);
  const why = bad && bad.failures.length > 0 ? ` (${bad.failures.slice(0, 2).join('; ')})` : '';
  switch (r.stoppedBy) {
    case 'target-limit':
      return `${r.endpoint}: ${stable}; fails at ${rate(firstBadRps ?? NaN)}${why}`;
    case 'start-failed': {
      // Never "lower --start": the search already went down to the lowest rate, and a lower rate
      // only collects fewer samples. Name the remedy that fits what failed.
      const starved = bad?.failures.some((f) => f.includes('insufficient samples')) === true;
      const hint = starved ? '; too few samples per step: raise --step-duration' : '';
      const lowest = firstBadRps ?? minRps;
      return `${r.endpoint}: no stable rate found: every rate tried fails, down to ${rate(lowest)}${why}${hint}`;
    }
    case 'max-reached':
      return `${r.endpoint}: ${stable}, the top of the search range (--max ${maxRps}): the limit is higher`;
    case 'generator-limit': {
      const gen = r.steps.find((s) => !s.generatorValid);
      return `${r.endpoint}: ${stable}; the load generator could not hold ${gen ? rate(gen.targetRps) : 'the rate'}, so the limit found is the generator's, not the target's`;
    }
    case 'aborted':
      return `${r.endpoint}: search interrupted; ${stable} so far`;
  }
}
