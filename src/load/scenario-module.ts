import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import { z } from 'zod';
import { ConfigError, SetupError } from '../core/errors.ts';
import type { RequestSpec } from '../http/types.ts';
import { requestSpecSchema } from './options.ts';
import type { GeneratorIdentity, Scenario, ScenarioFactory, ScenarioModule } from './types.ts';

/** Whether `scenario` names a module rather than being a request spec or a function. */
export function isScenarioModule(scenario: unknown): scenario is ScenarioModule {
  return typeof scenario === 'object' && scenario !== null && 'module' in scenario && 'export' in scenario && !('url' in scenario);
}

/** A thrown value as text: an Error's message, anything else (`throw 'no'`, `throw undefined`) as itself. */
function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message || thrown.name;
  if (typeof thrown === 'string') return thrown === '' ? 'an empty string' : thrown;
  try {
    return `${inspect(thrown, { depth: 2, breakLength: Infinity })} (not an Error)`;
  } catch {
    return 'a value that is not an Error';
  }
}

function moduleUrl(ref: ScenarioModule): string {
  if (typeof ref.module !== 'string' || ref.module === '') throw new ConfigError('invalid runLoad options: scenario.module: expected an absolute path or file: URL');
  if (ref.module.startsWith('file:')) return ref.module;
  if (!isAbsolute(ref.module)) throw new ConfigError(`invalid runLoad options: scenario.module: expected an absolute path or file: URL, got "${ref.module}"`);
  return pathToFileURL(ref.module).href;
}

/**
 * Imports a {@link ScenarioModule} and builds its scenario for `generator`. A module that cannot
 * be loaded or lacks the export is a `ConfigError`; a factory that throws (its set-up failed) is a
 * `SetupError`; both name the module and export, with `{ cause }`.
 */
export async function loadScenarioModule(ref: ScenarioModule, generator: GeneratorIdentity): Promise<RequestSpec | Scenario> {
  const url = moduleUrl(ref);
  const what = `scenario module ${ref.module} (export ${ref.export})`;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url)) as Record<string, unknown>;
  } catch (cause) {
    throw new ConfigError(`invalid runLoad options: scenario.module: cannot load ${ref.module}: ${describeThrown(cause)}`, { cause });
  }
  const factory = mod[ref.export];
  if (typeof factory !== 'function') {
    throw new ConfigError(`invalid runLoad options: scenario.export: ${ref.module} has no function export "${ref.export}"`);
  }
  let built: unknown;
  try {
    built = await (factory as ScenarioFactory)(ref.args, generator);
  } catch (cause) {
    throw new SetupError(`${what} failed: ${describeThrown(cause)}`, { cause });
  }
  if (typeof built === 'function') return built as Scenario;
  if (typeof built === 'object' && built !== null && 'url' in built) {
    const spec = requestSpecSchema.safeParse(built);
    if (!spec.success) throw new ConfigError(`invalid runLoad options: ${what} returned an invalid request spec:\n${z.prettifyError(spec.error)}`, { cause: spec.error });
    return built as RequestSpec;
  }
  throw new ConfigError(`invalid runLoad options: ${what} returned ${built === null ? 'null' : typeof built}, not a scenario function or request spec`);
}
