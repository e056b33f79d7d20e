import { describe, expect } from 'vitest';
import { test } from '../../helpers/journey-test.ts';
import { MIX } from './mix.ts';

describe(MIX.title, () => {
  test('users arrive and run their journeys; every step meets its endpoint SLO', async ({ runMix }) => {
    expect(await runMix(MIX)).toMeetSlo();
  });
});
