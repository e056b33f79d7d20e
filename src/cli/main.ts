import type { SuitePlugin } from '../suite/types.ts';
import { loadEnvFile } from '../core/env.ts';
import { MAIN_HELP } from './help.ts';
import { EXIT, type CliIo } from './io.ts';
import { reportError, runRunCommand } from './run.ts';

/** The suite for `capacity`: given directly, or loaded on demand (so `run` never needs it). */
export type SuiteSource = SuitePlugin | (() => Promise<SuitePlugin | undefined>);

type CapacityCommand = (argv: string[], io: CliIo, suite?: SuitePlugin) => Promise<number>;
type CompareCommand = (argv: string[], io: CliIo) => Promise<number>;
type MergeCommand = (argv: string[], io: CliIo) => Promise<number>;

/** True when `err` says the module at `file` itself is missing (not one of its imports). */
export function isMissingModule(err: unknown, file: string): boolean {
  const e = err as { code?: string; message?: string } | null;
  const message = e?.message ?? '';
  const missing = e?.code === 'ERR_MODULE_NOT_FOUND' || /cannot find module|failed to load url|does not exist/i.test(message);
  // Only the module named first counts: "Cannot find module 'x/diff.ts' imported from '.../compare.ts'" is a broken compare.ts.
  const subject = message.split(/\s(?:imported from|in)\s/)[0] ?? message;
  return missing && new RegExp(`[/\\\\'"\\s]${file.replace(/\./g, '\\.')}\\b`).test(subject);
}

/** Imports a sibling command module; undefined when the file is not in this build. */
async function importCommand(file: string): Promise<Record<string, unknown> | undefined> {
  const specifier = `./${file}`;
  try {
    return (await import(specifier)) as Record<string, unknown>;
  } catch (err) {
    if (isMissingModule(err, file)) return undefined;
    throw err;
  }
}

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
    switch (command) {
      case 'run':
        return await runRunCommand(rest, io);
      case 'capacity': {
        const mod = await importCommand('capacity.ts');
        if (typeof mod?.runCapacityCommand !== 'function') return notAvailable(io, command);
        const wantsHelp = rest.includes('--help') || rest.includes('-h');
        const plugin = wantsHelp ? undefined : await resolveSuite(suite);
        return await (mod.runCapacityCommand as CapacityCommand)(rest, io, plugin);
      }
      case 'model-check': {
        const mod = await importCommand('model-check.ts');
        if (typeof mod?.runModelCheckCommand !== 'function') return notAvailable(io, command);
        const wantsHelp = rest.includes('--help') || rest.includes('-h');
        const plugin = wantsHelp ? undefined : await resolveSuite(suite);
        return await (mod.runModelCheckCommand as CapacityCommand)(rest, io, plugin);
      }
      case 'compare': {
        const mod = await importCommand('compare.ts');
        if (typeof mod?.runCompareCommand !== 'function') return notAvailable(io, command);
        return await (mod.runCompareCommand as CompareCommand)(rest, io);
      }
      case 'merge': {
        const mod = await importCommand('merge.ts');
        if (typeof mod?.runMergeCommand !== 'function') return notAvailable(io, command);
        return await (mod.runMergeCommand as MergeCommand)(rest, io);
      }
      default:
        io.stderr(`perf: unknown command "${command}" (expected run, capacity, model-check, compare or merge; see perf --help)`);
        return EXIT.usage;
    }
  } catch (err) {
    reportError(io, `perf ${command}`, err);
    return EXIT.usage;
  }
}

function notAvailable(io: CliIo, command: string): number {
  io.stderr(`perf ${command}: command not available in this build`);
  return EXIT.usage;
}
