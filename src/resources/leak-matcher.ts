import { expect as vitestExpect } from 'vitest';
import type { LeakVerdict } from './leak-check.ts';

interface LeakMatchers<R = unknown> {
  /** Passes when a leak-check verdict says memory returned toward its pre-load level. */
  toReleaseMemory: () => R;
}

declare module 'vitest' {
  interface Matchers<T = any> extends LeakMatchers<T> {}
}

function isVerdict(v: unknown): v is LeakVerdict {
  return typeof v === 'object' && v !== null && typeof (v as LeakVerdict).leaked === 'boolean' && typeof (v as LeakVerdict).reason === 'string';
}

/** Plain predicate: the message to fail with when memory was not released, undefined when it was. */
export function memoryNotReleasedMessage(verdict: LeakVerdict): string | undefined {
  return verdict.leaked ? `expected memory to be released after the load: ${verdict.reason}` : undefined;
}

/** Registers `expect(verdict).toReleaseMemory()`; call it once from a vitest setup file. */
export function registerLeakMatchers(expect: typeof vitestExpect = vitestExpect): void {
  expect.extend({
    toReleaseMemory(received: unknown) {
      if (!isVerdict(received)) {
        return { pass: false, message: () => 'toReleaseMemory() expects a LeakVerdict from runLeakCheck()' };
      }
      return {
        pass: !received.leaked,
        message: () =>
          received.leaked
            ? `expected memory to be released after the load: ${received.reason}`
            : `expected memory not to be released, but it was: ${received.reason}`,
      };
    },
  });
}
