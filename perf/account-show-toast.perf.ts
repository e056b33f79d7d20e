import { describe, expect } from 'vitest';
import { test } from '../helpers/perf-test.ts';
import { SHOW_TOAST } from './endpoints/account-show-toast.ts';

describe(SHOW_TOAST.route, () => {
  for (const scenario of SHOW_TOAST.scenarios) {
    test(scenario.name, async ({ run }) => {
      expect(await run(SHOW_TOAST, scenario)).toMeetEndpoint(SHOW_TOAST);
    });
  }
});
