import type { SuitePlugin } from '../suite/types.ts';
import { loadEnvFile } from '../core/env.ts';
import { assertCliEnv } from './engine-env.ts';
import { MAIN_HELP } from './help.ts';
import { EXIT, type CliIo } from './io.ts';
import { reportError, runRunCommand } from './run.ts';
import { runCapacityCommand } from './capacity.ts';
import { runCompareCommand } from './compare.ts';
import { runMergeCommand } from './merge.ts';
import { runModelCheckCommand } from './model-check.ts';

/** The suite for `capacity` and `model-check`: given directly, or a function that returns it (called only by those commands). */
export type SuiteSource = SuitePlugin | (() => SuitePlugin | Promise<SuitePlugin | undefined> | undefined);

async function resolveSuite(source: SuiteSource | undefined): Promise<SuitePlugin | undefined> {
  return typeof source === 'function' ? source() : source;
}

/**
 * The `perf` CLI: loads `.env`, dispatches to `run`, `capacity` or `compare`, and returns the exit
 * code (0 ok, 1 SLO not met, 2 usage/configuration, 130 interrupted). Never throws, never prints a
 * stack trace (unless `PERF_DEBUG=1`).
 */
export async function runCli(argv: string[], io: CliIo, suite?: SuiteSource): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    const write = command === undefined ? io.stderr : io.stdout;
    for (const line of MAIN_HELP) write(line);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  try {
    loadEnvFile(io.env ? { env: io.env } : {});
    // Unknown PERF_* names and bad engine values stop every command before any request.
    assertCliEnv(io.env ?? process.env, typeof suite === 'object' ? suite.settings?.() : undefined);
    switch (command) {
      case 'run':
        return await runRunCommand(rest, io);
      case 'capacity': {
        const wantsHelp = rest.includes('--help') || rest.includes('-h');
        return await runCapacityCommand(rest, io, wantsHelp ? undefined : await resolveSuite(suite));
      }
      case 'model-check': {
        const wantsHelp = rest.includes('--help') || rest.includes('-h');
        return await runModelCheckCommand(rest, io, wantsHelp ? undefined : await resolveSuite(suite));
      }
      case 'compare':
        return await runCompareCommand(rest, io);
      case 'merge':
        return await runMergeCommand(rest, io);
      default:
        io.stderr(`perf: unknown command "${command}" (expected run, capacity, model-check, compare or merge; see perf --help)`);
        return EXIT.usage;
    }
  } catch (err) {
    reportError(io, `perf ${command}`, err);
    return EXIT.usage;
  }
}
