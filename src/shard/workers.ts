import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ConfigError, isInterruption, SetupError } from '../core/errors.ts';
import type { RequestSpec } from '../http/types.ts';
import { MAX_RATE_PER_S, resolveOptions } from '../load/options.ts';
import { SamplerSet } from '../load/samplers.ts';
import { isScenarioModule } from '../load/scenario-module.ts';
import { isJourneyMix } from '../load/journeys.ts';
import type { Progress, RunLoadOptions, Scenario, ScenarioModule } from '../load/types.ts';
import { runLocal } from '../load/run-local.ts';
import { mergeSummaries } from '../merge/merge-summaries.ts';
import { mergeTimelines } from '../merge/merge-timeline.ts';
import type { RunSummary, SloResult } from '../result/types.ts';
import { evaluateSlo } from '../slo/evaluate.ts';
import type { ToParent, ToWorker } from './worker-protocol.ts';

/** Most worker processes one run may start. */
export const MAX_WORKERS = 64;
/** Time every worker gets, after all are ready, before the warm-up must begin. */
const START_MARGIN_MS = 300;
/** A worker that is not ready by then (tsx compiling on a loaded machine) fails the run. */
const READY_TIMEOUT_MS = 60_000;
/** Longest set-up of a scenario module in a worker (logins, seeding ~4,000 sessions against a deployment). */
const PREPARE_TIMEOUT_MS = 15 * 60_000;
/** Stands in for a scenario module when the parent validates the options it never runs itself. */
const PLACEHOLDER: Scenario = async () => {};
/** How long the end of a run waits for killed workers to be gone. */
const EXIT_WAIT_MS = 5_000;

const WORKER_MAIN = fileURLToPath(new URL('./worker-main.ts', import.meta.url));
const TSX_LOADER = createRequire(import.meta.url).resolve('tsx').replace(/[^/\\]+$/, 'loader.mjs');

const FUNCTION_FIELDS = ['check', 'checkEvent', 'isFinalEvent', 'contentOf', 'isAudio', 'isEcho'] as const;

/**
 * Why `options` cannot be split over worker processes, or undefined. Only plain data crosses a
 * process boundary: a scenario function or a request spec with `check`/`checkEvent`/`isFinalEvent`
 * functions stays in one process (a {@link ScenarioModule} is built in each worker instead).
 */
export function workersUnsupported(options: RunLoadOptions): string | undefined {
  if (typeof options.scenario === 'function') return 'a scenario function cannot cross a process boundary; name a module that builds it ({ module, export, args }) so that each worker builds its own';
  if (isJourneyMix(options.scenario)) return 'a journey mix runs in one generator process (its journeys are functions, which cannot cross a process boundary)';
  if (options.shard !== undefined && options.shard.count > 1) return 'workers and shard together are not supported: run N shard processes with --shard instead';
  if (isScenarioModule(options.scenario)) return undefined;
  const spec = options.scenario as RequestSpec;
  const fns = FUNCTION_FIELDS.filter((f) => typeof (spec as unknown as Record<string, unknown>)[f] === 'function');
  if (fns.length > 0) return `a request spec with ${fns.join(', ')} functions cannot cross a process boundary`;
  return undefined;
}

/** Why a scenario module's `args` cannot reach a worker process (what the IPC channel's structured clone refuses), or undefined. */
function argsUncloneable(module: ScenarioModule): string | undefined {
  try {
    structuredClone(module.args);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** How a worker process ended: `exited with code 1`, `was killed by SIGKILL`. */
function howItEnded(code: number | null, signal: NodeJS.Signals | null): string {
  return code !== null ? `exited with code ${code}` : `was killed by ${signal ?? 'a signal'}`;
}

/** The last lines a worker wrote on stderr, for an error message. */
function stderrTail(stderr: string): string {
  const tail = stderr.trim().split('\n').slice(-3).join('; ');
  return tail ? `: ${tail}` : '';
}

/** Merges the workers' progress of one second into the run's progress. */
function mergeProgress(list: readonly Progress[]): Progress {
  const first = list[0]!;
  return {
    ...first,
    targetRps: list.reduce((n, p) => n + p.targetRps, 0),
    inFlight: list.reduce((n, p) => n + p.inFlight, 0),
    last: mergeTimelines(list.map((p) => [p.last]))[0]!,
    p95Ms: Math.max(...list.map((p) => p.p95Ms)),
    errorsSoFar: list.reduce((n, p) => n + p.errorsSoFar, 0),
  };
}

function safeEvaluate(summary: RunSummary, options: RunLoadOptions): SloResult | null {
  if (options.slo === undefined) return null;
  try {
    return evaluateSlo(summary, options.slo);
  } catch (err) {
    return { passed: false, checks: [{ name: 'slo', bound: 'evaluable', actual: Number.NaN, passed: false, reason: `SLO evaluation failed: ${(err as Error).message}` }] };
  }
}

/** Waits for a worker's `want` message; rejects on its `error`, its exit (with the end of its stderr), or the timeout. */
function awaitMessage(child: ChildProcess, want: 'ready' | 'prepared', label: string, timeoutMs: number, stderr: () => string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = (err?: Error): void => {
      clearTimeout(t);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve();
    };
    const onMessage = (m: ToParent): void => {
      if (m.type === want) done();
      else if (m.type === 'error') done(m.code === 'PERF_ERR_CONFIG' ? new ConfigError(`${label}: ${m.message}`) : new SetupError(`${label}: ${m.message}`));
    };
    const onExit = (code: number | null, sig: NodeJS.Signals | null): void => {
      done(new SetupError(`${label} ${howItEnded(code, sig)} before it was ${want}${stderrTail(stderr())}`));
    };
    const t = setTimeout(() => done(new SetupError(`${label} not ${want} within ${timeoutMs / 1000} s`)), timeoutMs);
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Samples the target once a second of the recorded window, on the run's clock, for the merged timeline. */
function sampleEachSecond(samplers: SamplerSet, recStartEpochMs: number, seconds: Map<number, Record<string, number>>): () => void {
  let timer: NodeJS.Timeout | undefined;
  let sec = 0;
  const next = (): void => {
    timer = setTimeout(() => {
      const v = samplers.sample();
      if (v !== undefined) seconds.set(sec, v);
      sec++;
      next();
    }, Math.max(0, recStartEpochMs + (sec + 1) * 1000 - Date.now()));
  };
  next();
  return () => clearTimeout(timer);
}

/**
 * `runLoad({ workers: N })`: N generator processes on this machine, worker i running the
 * iterations k ≡ i (mod N) of the schedule (closed model: its share of the users), all recording
 * from the same instant; their summaries merge into one ordinary run summary (exact histograms,
 * per-second timeline, generator valid only if every worker's was, naming the one that was not).
 * A {@link ScenarioModule} is built in every worker before the start instant is set; samplers run
 * here, beside the workers.
 */
export async function runWorkers(options: RunLoadOptions): Promise<RunSummary> {
  const n = options.workers ?? 1;
  if (!Number.isInteger(n) || n < 1 || n > MAX_WORKERS) throw new ConfigError(`invalid runLoad options: workers must be an integer from 1 to ${MAX_WORKERS}, got ${n}`);
  const why = workersUnsupported(options);
  if (why !== undefined) throw new ConfigError(`invalid runLoad options: workers: ${why}`);
  const { workers: _w, signal, onProgress, samplers: samplerList, ...plain } = options;
  const module: ScenarioModule | undefined = isScenarioModule(plain.scenario) ? plain.scenario : undefined;
  const uncloneable = module ? argsUncloneable(module) : undefined;
  if (uncloneable !== undefined) {
    throw new ConfigError(`invalid runLoad options: scenario.args: must be plain data that can be copied to the worker processes (no functions, class instances with private state, sockets): ${uncloneable}`);
  }
  const o = resolveOptions({ ...plain, ...(module ? { scenario: PLACEHOLDER } : {}), workers: n });
  if (o.model.type === 'concurrency' && o.model.vus < n) throw new ConfigError(`invalid runLoad options: workers (${n}) must be at most model.vus (${o.model.vus})`);
  const perWorker = (v: number | undefined) => (v === undefined ? undefined : Math.max(1, Math.ceil(v / n)));
  const children: ChildProcess[] = [];
  const exits: Promise<void>[] = [];
  /** Once the workers run: the first that fails stops the others, so that the run ends now rather than at the end of its schedule. */
  let running = false;
  let stopped = false;
  const stopOthers = (failed: string): void => {
    if (!running || stopped) return;
    stopped = true;
    for (const c of children) if (c.connected) c.send({ type: 'abort', reason: `${failed} failed` } satisfies ToWorker);
  };
  const summaries: (RunSummary | undefined)[] = new Array(n).fill(undefined);
  const failures: string[] = [];
  const pending = new Map<string, Progress[]>();
  const samplers = new SamplerSet(samplerList ?? []);
  const resourceSeconds = new Map<number, Record<string, number>>();
  let stopSampling = (): void => {};
  let samplerExtra: Record<string, unknown> = {};
  const onAbort = (): void => {
    const r: unknown = signal?.reason;
    const msg: ToWorker = isInterruption(r) ? { type: 'abort', reason: r.message, signal: r.signal } : { type: 'abort', reason: r instanceof Error ? r.message : 'aborted' };
    for (const c of children) if (c.connected) c.send(msg);
  };
  try {
    const started = Array.from({ length: n }, (_, i) => {
      const label = `worker ${i}/${n}`;
      const child = fork(WORKER_MAIN, [], { execArgv: ['--import', TSX_LOADER], serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
      children.push(child);
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
      const done = new Promise<void>((resolve) => {
        child.on('message', (m: ToParent) => {
          if (m.type === 'done') summaries[i] = m.summary;
          else if (m.type === 'error') {
            failures.push(`${label}: ${m.message}`);
            stopOthers(label);
          }
          else if (m.type === 'progress' && onProgress) {
            const key = `${m.progress.phase}:${m.progress.last.t}`;
            const list = [...(pending.get(key) ?? []), m.progress];
            if (list.length < n) pending.set(key, list);
            else {
              pending.delete(key);
              try {
                onProgress(mergeProgress(list));
              } catch {
                // a progress callback must not break the run
              }
            }
          }
        });
        child.on('exit', (code, sig) => {
          if (summaries[i] === undefined && !failures.some((f) => f.startsWith(`${label}:`))) {
            failures.push(`${label} ${howItEnded(code, sig)} without a summary${stderrTail(stderr)}`);
            stopOthers(label);
          }
          resolve();
        });
      });
      exits.push(done);
      const ready = awaitMessage(child, 'ready', label, READY_TIMEOUT_MS, () => stderr).then(async () => {
        if (!module) return;
        child.send({ type: 'prepare', scenario: module, generator: { index: i, count: n } } satisfies ToWorker);
        await awaitMessage(child, 'prepared', label, PREPARE_TIMEOUT_MS, () => stderr);
      });
      return { child, done, ready };
    });
    const abortedEarly = new Promise<'aborted'>((resolve) => {
      if (signal?.aborted) resolve('aborted');
      signal?.addEventListener('abort', () => resolve('aborted'), { once: true });
    });
    if ((await Promise.race([Promise.all(started.map((r) => r.ready)), abortedEarly])) === 'aborted') {
      // Stopped while the workers got ready: nothing was recorded; the same empty partial run as one process.
      const empty = await runLocal({ ...plain, scenario: PLACEHOLDER, signal: signal!, maxRatePerS: (plain.maxRatePerS ?? MAX_RATE_PER_S) * n });
      empty.extra = { ...empty.extra, workers: n };
      return empty;
    }
    await samplers.start();
    const startAt = Date.now() + START_MARGIN_MS + o.warmupS * 1000;
    signal?.addEventListener('abort', onAbort, { once: true });
    stopSampling = sampleEachSecond(samplers, startAt, resourceSeconds);
    running = true;
    started.forEach(({ child }, i) => {
      const w: RunLoadOptions = { ...plain, shard: { index: i, count: n }, startAt };
      const c = perWorker(plain.connections);
      const f = perWorker(plain.maxInFlight);
      if (c !== undefined) w.connections = c;
      if (f !== undefined) w.maxInFlight = f;
      if (child.connected) child.send({ type: 'run', options: w } satisfies ToWorker);
    });
    if (signal?.aborted) onAbort();
    await Promise.all(started.map((r) => r.done));
  } finally {
    stopSampling();
    samplerExtra = await samplers.stop();
    signal?.removeEventListener('abort', onAbort);
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    // Returns once no worker is left (a caller that exits next leaves no orphan behind).
    await Promise.race([Promise.all(exits), new Promise((r) => setTimeout(r, EXIT_WAIT_MS).unref())]);
  }
  const got = summaries.filter((s): s is RunSummary => s !== undefined);
  if (failures.length > 0 || got.length !== n) {
    const config = failures.find((f) => /invalid runLoad options|startAt/.test(f));
    if (config) throw new ConfigError(config);
    throw new SetupError(`workers failed: ${failures.join('; ')}${stopped ? ' (the other workers were stopped)' : ''}`);
  }
  const merged = mergeSummaries(got, got.map((_, i) => `worker ${i}/${n}`));
  merged.name = o.name;
  merged.extra = { ...merged.extra, ...samplerExtra, workers: n };
  if (merged.extra.merged !== undefined) delete merged.extra.merged;
  for (const entry of merged.timeline) {
    const r = resourceSeconds.get(entry.t);
    if (r !== undefined) entry.resources = r;
  }
  merged.slo = safeEvaluate(merged, options);
  return merged;
}
