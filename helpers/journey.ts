import type { ThinkTime } from '../src/index.ts';
import type { EndpointDef, LooseScenario, ScenarioKit } from './endpoint.ts';

/** The journeys of the mix, by the names `PERF_MIX_<ID>` takes (`PERF_MIX_GUEST=30`). */
export const JOURNEY_IDS = ['guest', 'user'] as const;
export type JourneyId = (typeof JOURNEY_IDS)[number];

/** `PERF_MIX_<ID>`: the variable that overrides a journey's weight. */
export function mixVar(id: JourneyId): string {
  return `PERF_MIX_${id.toUpperCase().replace(/-/g, '_')}`;
}

/**
 * One endpoint a journey calls: its requests are recorded as the step named by the endpoint's id
 * and judged with the endpoint's own bounds (its definition's `slo`).
 */
export interface JourneyStep {
  endpoint: Pick<EndpointDef, 'id' | 'route' | 'slo' | 'effects' | 'priority'>;
  /** Calls of it per user that draws the journey, on average (branches included): how many samples its bounds can expect. */
  perUser: number;
}

/** What a journey's iteration is built from: an endpoint scenario's kit, plus seeded draws of its own. */
export interface JourneyKit extends ScenarioKit {
  /** A seeded draw of one of `weights`' indexes (a weighted branch, Gatling's `randomSwitch`); same journey, same sequence. */
  branch(weights: readonly number[]): () => number;
  /** Seeded draws of a think time, ms. */
  pause(time: ThinkTime): () => number;
}

/** A user's journey through the API, as data: `perf/journeys/<id>.ts` defines one, `perf/journeys/mix.ts` weighs them. */
export interface JourneyDef<Id extends JourneyId = JourneyId> {
  id: Id;
  /** A sentence: what the user does. */
  name: string;
  /** Its share of arriving users, relative to the other journeys' (`PERF_MIX_<ID>` overrides it). */
  weight: number;
  /** Where the weight comes from, saying where it is an assumption. */
  why: string;
  /** Every endpoint it may call, with how often; its effects are theirs. */
  steps: readonly JourneyStep[];
  /** Sets up what the journey needs (outside the measured run) and returns one user's journey. */
  build: (kit: JourneyKit) => Promise<LooseScenario>;
}

/** Declares a journey. Pure: importing one has no side effects. */
export function defineJourney<const Id extends JourneyId>(def: JourneyDef<Id>): JourneyDef<Id> {
  return def;
}

/**
 * A mix of journeys: users arrive at `usersPerS` (before the profile's factor and
 * `PERF_RATE_SCALE`), each running the journey it draws by weight.
 */
export interface JourneyMixDef {
  /** Names the run (results file, report row). */
  id: string;
  /** The `describe` of its perf file. */
  title: string;
  journeys: readonly JourneyDef[];
  /** Arriving users per second at the `pr`/`full` hold. */
  usersPerS: number;
  /** Why that rate. */
  why: string;
  /** Connections per origin the run opens (a stream holds one for its whole life). */
  connections: number;
  timeoutMs: number;
}
