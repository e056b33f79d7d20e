import { z } from 'zod';

/** The team's test-plan priority of an endpoint (shared/godgpt-api.md §21): P0 first. */
export type Priority = 'P0' | 'P1' | 'P2';
/** Every priority, in the report's order. */
export const PRIORITIES: readonly Priority[] = ['P0', 'P1', 'P2'];

/** What a request does outside the API on a real deployment, by the name `PERF_ALLOW_EFFECTS` takes. */
export const EFFECTS = {
  email: 'sends an e-mail',
  accounts: 'creates accounts',
  payments: 'calls the payment provider',
  'app-store': 'calls the app store',
} as const;
/** An effect outside the API: `email`, `accounts`, `payments`, `app-store`. */
export type Effect = keyof typeof EFFECTS;

/**
 * A comma-separated env value of names out of `known` (any case, duplicates dropped): a zod schema
 * whose messages name the bad item and the accepted names.
 */
export function envNameList<T extends string>(known: readonly T[], what: string) {
  const expected = `expected a comma-separated list of ${known.join(', ')}`;
  return z.string().transform((value, ctx) => {
    const out: T[] = [];
    for (const item of value.split(',').map((s) => s.trim()).filter(Boolean)) {
      const name = known.find((k) => k.toLowerCase() === item.toLowerCase());
      if (name === undefined) {
        ctx.addIssue({ code: 'custom', message: `${JSON.stringify(item)} is not ${what}; ${expected}` });
        return z.NEVER;
      }
      if (!out.includes(name)) out.push(name);
    }
    if (out.length === 0) {
      ctx.addIssue({ code: 'custom', message: expected });
      return z.NEVER;
    }
    return out;
  });
}

/** `PERF_ALLOW_EFFECTS`: `email,payments`. */
export const allowEffectsVar = () => envNameList(Object.keys(EFFECTS) as Effect[], 'an effect');
/** `PERF_PRIORITY`: `P0,P1`. */
export const priorityVar = () => envNameList(PRIORITIES, 'a priority');

