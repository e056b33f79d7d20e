import { fmtPerS } from '../report/format.ts';
import type { Lang } from '../report/messages.ts';
import { ct } from './messages.ts';
import type { CapacityResult } from './types.ts';

/** The one-sentence verdict of a search, in `lang`. */
export function capacityVerdict(r: CapacityResult, firstBadRps: number | null, maxRps: number, minRps = 1, lang: Lang = 'en'): string {
  const stable = r.maxStableRps === null ? ct(lang, 'cap_no_stable') : ct(lang, 'cap_stable', { rps: fmtPerS(r.maxStableRps) });
  // The last run at that rate: an earlier one may have been a generator stall that was retried.
  const bad = firstBadRps === null ? undefined : [...r.steps].reverse().find((s) => s.targetRps === firstBadRps);
  const why = bad && bad.failures.length > 0 ? ` (${bad.failures.slice(0, 2).join('; ')})` : '';
  const endpoint = r.endpoint;
  switch (r.stoppedBy) {
    case 'target-limit':
      return ct(lang, 'cap_v_target', { endpoint, stable, bad: fmtPerS(firstBadRps ?? NaN), why });
    case 'start-failed': {
      // Never "lower --start": the search already went down to the lowest rate, and a lower rate
      // only collects fewer samples. Name the remedy that fits what failed.
      const starved = bad !== undefined && bad.failures.length > 0 && bad.failures.every((f) => f.includes('insufficient samples') || f.includes('样本不足'));
      return ct(lang, 'cap_v_start_failed', { endpoint, rps: fmtPerS(firstBadRps ?? minRps), why, hint: starved ? ct(lang, 'cap_v_starved') : '' });
    }
    case 'max-reached':
      return ct(lang, 'cap_v_max', { endpoint, stable, max: maxRps });
    case 'generator-limit': {
      // The step that ended the search: an earlier overloaded step may have passed on its retry.
      const gen = [...r.steps].reverse().find((s) => !s.generatorValid);
      return ct(lang, 'cap_v_generator', { endpoint, stable, rps: gen ? fmtPerS(gen.targetRps) : ct(lang, 'cap_v_generator_rate') });
    }
    case 'aborted':
      return ct(lang, 'cap_v_aborted', { endpoint, stable });
  }
}
