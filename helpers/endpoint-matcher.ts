import { expect as vitestExpect } from 'vitest';
import { toMeetSlo, toReleaseMemory } from '../src/index.ts';
import type { EndpointDef } from './endpoint.ts';

interface EndpointMatchers<R = unknown> {
  /**
   * The run met what `endpoint` asks for: the SLO the run judged (`summary.slo`, not evaluated
   * again) and, when the definition has `leakCheck: true`, the leak verdict (`summary.extra.leak`).
   */
  toMeetEndpoint: (endpoint: EndpointDef) => R;
}

declare module 'vitest' {
  interface Matchers<T = any> extends EndpointMatchers<T> {}
}

/** `expect(summary).toMeetEndpoint(ENDPOINT)` as a plain function; a failure lists every failed check. */
export function toMeetEndpoint(received: unknown, endpoint: EndpointDef): { pass: boolean; message: () => string } {
  const results = [toMeetSlo(received), ...(endpoint.leakCheck ? [toReleaseMemory(received)] : [])];
  const failed = results.filter((r) => !r.pass);
  if (failed.length === 0) {
    return { pass: true, message: () => results.map((r) => r.message()).join('\n') };
  }
  return { pass: false, message: () => failed.map((r) => r.message()).join('\n') };
}

/** Registers `toMeetEndpoint` on vitest's `expect` (perf/setup.ts). */
export function registerEndpointMatcher(expect: typeof vitestExpect = vitestExpect): void {
  expect.extend({ toMeetEndpoint });
}
