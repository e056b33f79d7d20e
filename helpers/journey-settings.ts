import type { SettingDef } from '../src/index.ts';
import { JOURNEY_IDS, mixVar } from './journey.ts';

/** `PERF_JOURNEYS=1` adds the journey mix to a whole `pnpm test:perf` run. */
export const JOURNEYS_VAR = 'PERF_JOURNEYS';

/** The journey mix's settings: `PERF_JOURNEYS` and a `PERF_MIX_<JOURNEY>` weight per journey. */
export function journeySettings(): SettingDef[] {
  return [
    { name: JOURNEYS_VAR, description: '1 adds the journey mix (perf/journeys/) to a whole pnpm test:perf run' },
    ...JOURNEY_IDS.map((id) => ({ name: mixVar(id), description: `weight of the ${id} journey in the mix (a number, 0 leaves it out)` })),
  ];
}

/**
 * Whether a perf run includes perf/journeys/: `PERF_JOURNEYS=1`, or a file filter naming it
 * (`pnpm test:perf journeys`). A whole run leaves it out: the mix loads every endpoint at once,
 * which is the release gate's job, not each pull request's.
 */
export function journeysSelected(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  if (env[JOURNEYS_VAR]?.trim() === '1') return true;
  const args = argv.slice(2).filter((a) => !a.startsWith('-'));
  return args.some((a) => /journey/i.test(a));
}
