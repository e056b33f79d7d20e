import type { Lang } from '../report/messages.ts';
import { ct } from './messages.ts';
import type { CapacityResult } from './types.ts';

/**
 * The result of an endpoint whose every unloaded request failed although the target answered: no
 * rate can be stable (0 in the tables), and no load was sent.
 */
export function unloadedFailedResult(name: string, route: string, firstError: string | undefined, lang: Lang = 'en'): CapacityResult {
  const error = firstError ?? 'no detail';
  return {
    endpoint: name,
    route,
    steps: [],
    maxStableRps: null,
    degradationRps: null,
    unloadedP50Ms: NaN,
    unloadedP95Ms: NaN,
    unloadedSamples: 0,
    k: 3,
    degradationP95Ms: NaN,
    stoppedBy: 'start-failed',
    verdict: ct(lang, 'cap_v_unloaded_failed', { endpoint: name, error }),
    observations: [ct(lang, 'cap_o_unloaded_failed', { error })],
    notes: [],
    startedAt: new Date().toISOString(),
    durationS: 0,
  };
}
