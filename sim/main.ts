import { parseArgs } from 'node:util';
import { SimulatorError } from './errors.ts';
import type { SimConfigInput } from './config.ts';
import { PROFILE_NAMES } from './profiles.ts';
import { createSimServer, type SimServer } from './server.ts';

const USAGE = `Usage: pnpm sim [--port N] [--profile ${PROFILE_NAMES.join('|')}] [--pressure-mode] [--llm mocked|real-llm]
                [--seed-users N] [--origin-timeout-ms N] [--config JSON] [--host H] [--watch-stdin]
Environment (flags win): SIM_PORT, SIM_PROFILE, SIM_LLM, SIM_LLM_URL, SIM_LLM_API_KEY, SIM_LLM_MODEL, SIM_PRESSURE_MODE, SIM_SEED_USERS,
SIM_ORIGIN_TIMEOUT_MS, SIM_CONFIG (JSON config overrides), SIM_WATCH_STDIN, SIM_TRACE_LOG (file: one JSON line per request
with its trace id and server-side times; also --trace-log FILE).`;

function int(name: string, v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new SimulatorError(`${name}: expected a non-negative integer, got "${v}"`);
  return n;
}

function bool(v: string | undefined): boolean {
  return v !== undefined && ['1', 'true', 'yes', 'on'].includes(v.toLowerCase());
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' }, profile: { type: 'string' }, 'pressure-mode': { type: 'boolean' }, llm: { type: 'string' },
      'seed-users': { type: 'string' }, 'origin-timeout-ms': { type: 'string' }, config: { type: 'string' }, host: { type: 'string' },
      'watch-stdin': { type: 'boolean' }, 'trace-log': { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const env = process.env;
  let overrides: SimConfigInput = {};
  const rawConfig = values.config ?? env.SIM_CONFIG;
  if (rawConfig) {
    try {
      overrides = JSON.parse(rawConfig) as SimConfigInput;
    } catch (err) {
      throw new SimulatorError('--config / SIM_CONFIG: not valid JSON', { cause: err });
    }
  }
  const llm = values.llm ?? env.SIM_LLM;
  if (llm !== undefined) {
    if (llm !== 'mocked' && llm !== 'real-llm') throw new SimulatorError(`--llm: expected mocked or real-llm, got "${llm}"`);
    overrides.llm = llm;
  }
  if (env.SIM_LLM_URL) {
    overrides.llmEndpoint = { url: env.SIM_LLM_URL, ...(env.SIM_LLM_API_KEY ? { apiKey: env.SIM_LLM_API_KEY } : {}), ...(env.SIM_LLM_MODEL ? { model: env.SIM_LLM_MODEL } : {}) };
  }
  if (values['pressure-mode'] || bool(env.SIM_PRESSURE_MODE)) overrides.pressureMode = true;
  const seed = int('--seed-users', values['seed-users'] ?? env.SIM_SEED_USERS);
  if (seed !== undefined) overrides.seedUsers = seed;
  const origin = int('--origin-timeout-ms', values['origin-timeout-ms'] ?? env.SIM_ORIGIN_TIMEOUT_MS);
  if (origin !== undefined) overrides.originTimeoutMs = origin;
  const profile = values.profile ?? (env.SIM_PROFILE || 'healthy');
  const port = int('--port', values.port ?? env.SIM_PORT) ?? 0;

  const traceLog = values['trace-log'] ?? env.SIM_TRACE_LOG;
  const sim = await createSimServer({ profile, config: overrides, port, host: values.host ?? '127.0.0.1', ...(traceLog ? { traceLog } : {}) });
  watchForShutdown(sim, values['watch-stdin'] || bool(env.SIM_WATCH_STDIN));
  process.stdout.write(`GodGPT simulator listening on ${sim.url} (profile ${sim.config.profile})\n`);
}

/** Exits cleanly on SIGINT/SIGTERM, and when the parent goes away (IPC closed, stdin closed, re-parented). */
function watchForShutdown(sim: SimServer, watchStdin: boolean): void {
  let stopping = false;
  const shutdown = (code: number) => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(code), 3_000).unref();
    void sim.close().finally(() => process.exit(code));
  };
  process.once('SIGINT', () => shutdown(0));
  process.once('SIGTERM', () => shutdown(0));
  if (process.send) process.once('disconnect', () => shutdown(0));
  if (watchStdin) {
    process.stdin.on('data', () => {});
    process.stdin.once('end', () => shutdown(0));
    process.stdin.once('close', () => shutdown(0));
    process.stdin.resume();
  }
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) shutdown(0);
  }, 1_000).unref();
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`GodGPT simulator: ${message}\n`);
  process.exit(2);
});
