import { z } from 'zod';
import { controlCharProblem } from '../core/control-chars.ts';
import { ConfigError } from '../core/errors.ts';
import { envNumber, readEnv } from '../core/env.ts';
import { assertKnownSettings, ENGINE_SETTINGS } from '../core/settings.ts';
import { assertResourceEnv } from '../resources/env.ts';
import { leakSettingsFromEnv } from '../resources/leak-check.ts';
import { assertRunId } from '../result/store.ts';
import { repeatFromEnv } from '../suite/repeat.ts';
import { traceFromEnv, traceUrlFromEnv } from '../http/trace-env.ts';
import { remoteWriteFromEnv } from '../export/remote-write-env.ts';

const PROGRESS_MODES = ['tty', 'plain', 'off', 'auto'];

/** Free text from the environment that reports and the terminal print: no control character, the rule of `--name`. */
const PRINTED_TEXT = ['PERF_RUN_ID', 'PERF_TARGET_BRANCH', 'PERF_TARGET_COMMIT'] as const;

const engineEnvSchema = z.object({
  // What reportLang understands; anything else would silently be English.
  PERF_REPORT_LANG: z.string().regex(/^(?:(?:en|zh)(?:-[a-z0-9]+)*|cn)$/i, { message: 'expected en or zh' }).optional(),
  PERF_PROGRESS: z.string().refine((v) => PROGRESS_MODES.includes(v.toLowerCase()), { message: 'expected tty, plain, off or auto' }).optional(),
  PERF_PROGRESS_INTERVAL_S: envNumber({ positive: true, unit: 'seconds' }).optional(),
  PERF_DEBUG: z.enum(['0', '1'], { message: 'expected 1 (stack traces) or 0' }).optional(),
});

/**
 * Checks the values of the engine's `PERF_*` settings once, at the edge of a run (the suite's
 * global set-up, every `pnpm perf` command), before any login or request: languages, progress
 * modes, `PERF_DEBUG`, `PERF_RUN_ID`, resource sampling URLs and selectors, leak-check numbers,
 * `PERF_REPEAT`.
 * Throws one `ConfigError` naming the variable (credentials in URLs masked).
 */
export function assertEngineEnv(env: NodeJS.ProcessEnv = process.env): void {
  readEnv(engineEnvSchema, env);
  const id = env.PERF_RUN_ID?.trim();
  if (id) assertRunId(id);
  for (const name of PRINTED_TEXT) {
    const problem = controlCharProblem(env[name]?.trim() ?? '');
    if (problem) throw new ConfigError(`${name}: ${problem} (value not shown)`);
  }
  assertResourceEnv(env);
  leakSettingsFromEnv(env);
  repeatFromEnv(env);
  traceFromEnv(env);
  traceUrlFromEnv(env);
  remoteWriteFromEnv(env);
}

/**
 * What a `pnpm perf` command accepts of the environment: every `PERF_*` name (in any case) must be
 * an engine setting or one of `suiteSettings` (the suite shares the `.env`; its values are the
 * suite's to judge), and the engine's values must be valid (`assertEngineEnv`). Without
 * `suiteSettings` (no suite plugin that lists them) a suite's setting cannot be told from a typo,
 * so only the values are checked.
 */
export function assertCliEnv(env: NodeJS.ProcessEnv, suiteSettings?: Iterable<string>): void {
  if (suiteSettings) assertKnownSettings(env, [...ENGINE_SETTINGS.map((s) => s.name), ...suiteSettings]);
  assertEngineEnv(env);
}
