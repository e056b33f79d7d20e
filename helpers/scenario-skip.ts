import { ConfigError } from '../src/index.ts';

/**
 * Thrown by a scenario's set-up (`build`) that cannot run against this target for lack of a setting,
 * before it sends anything: the perf test is skipped with this one line as its reason (never
 * passed). Elsewhere (`pnpm perf capacity`) it is the `ConfigError` it extends.
 */
export class ScenarioSkip extends ConfigError {
  readonly skip = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ScenarioSkip';
  }
}

/** True for a `ScenarioSkip` (matched on its flag, so it holds across module instances). */
export function isScenarioSkip(err: unknown): err is ScenarioSkip {
  return err instanceof ConfigError && (err as { skip?: unknown }).skip === true;
}
