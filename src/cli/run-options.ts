import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError } from '../core/errors.ts';
import { MAX_BUFFER_BYTES } from '../http/sse.ts';
import { CONTENT_FIELD_PATH } from '../http/content.ts';
import { BAD_HEADER_VALUE, HEADER_NAME, MAX_TIMEOUT_MS } from '../http/prepare.ts';
import { parseAllowHosts } from '../http/target-guard.ts';
import type { RequestSpec } from '../http/types.ts';
import { MAX_RUN_S, MAX_WARMUP_S } from '../load/options.ts';
import type { RunLoadOptions } from '../load/types.ts';
import { redact } from '../report/redact.ts';
import { parseSloExpression } from '../slo/expression.ts';
import type { Slo } from '../slo/types.ts';
import { parseShard, parseStartAt } from '../shard/identity.ts';
import type { ShardSpec } from '../shard/types.ts';

/**
 * Highest `--rate` one `perf run` process accepts, per second. The generator is measured valid up
 * to 10,000/s and saturates near 35,000/s (60,000/s asked is flagged invalid), docs/PERFORMANCE.md;
 * 20,000/s keeps a margin below that ceiling on a loaded machine.
 */
export const MAX_RATE_PER_S = 20_000;

/** Upper bounds of the numeric `perf run` flags, in each flag's own unit. */
export const RUN_FLAG_LIMITS = {
  rate: { max: MAX_RATE_PER_S, unit: '/s', note: 'the most one generator process sends reliably, docs/PERFORMANCE.md' },
  duration: { max: MAX_RUN_S, unit: ' s', note: '7 days' },
  ramp: { max: MAX_RUN_S, unit: ' s', note: '7 days' },
  warmup: { max: MAX_WARMUP_S, unit: ' s', note: '10 minutes' },
  timeout: { max: MAX_TIMEOUT_MS / 1000, unit: ' s', note: '1 hour' },
  connections: { max: 100_000, unit: '', note: undefined },
  'max-in-flight': { max: 1_000_000, unit: '', note: undefined },
  'max-dispatch-lag': { max: 60_000, unit: ' ms', note: '1 minute' },
  workers: { max: 64, unit: '', note: 'generator processes on this machine' },
} as const;
type LimitedFlag = keyof typeof RUN_FLAG_LIMITS;

/** The `perf run` flags as `node:util` parseArgs options. */
export const RUN_FLAGS = {
  url: { type: 'string' },
  rate: { type: 'string' },
  duration: { type: 'string' },
  ramp: { type: 'string' },
  warmup: { type: 'string' },
  connections: { type: 'string' },
  'max-in-flight': { type: 'string' },
  timeout: { type: 'string' },
  method: { type: 'string' },
  header: { type: 'string', multiple: true },
  body: { type: 'string' },
  sse: { type: 'boolean' },
  'max-event-bytes': { type: 'string' },
  'content-field': { type: 'string' },
  slo: { type: 'string' },
  'max-dispatch-lag': { type: 'string' },
  'max-late-ratio': { type: 'string' },
  json: { type: 'string' },
  name: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  preflight: { type: 'boolean', default: true },
  'allow-host': { type: 'string', multiple: true },
  shard: { type: 'string' },
  'start-at': { type: 'string' },
  workers: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Validated `perf run` options. */
export interface RunCommandOptions {
  url: URL;
  ratePerS: number;
  /** Hold at the full rate, after the ramp. */
  durationS: number;
  /** Linear ramp from 0 to the rate before the hold. @default 0 */
  rampS: number;
  /** @default the engine's (1 s) */
  warmupS?: number;
  connections?: number;
  maxInFlight?: number;
  /** @default 30 */
  timeoutS: number;
  /** @default 'GET' */
  method: string;
  headers: Record<string, string>;
  body?: string;
  sse: boolean;
  /** Largest SSE line or event, bytes (`--max-event-bytes`, `--sse` only). @default the engine's (1 MiB) */
  maxEventBytes?: number;
  /** JSON path of the answer text in each event (`--content-field`, `--sse` only). @default any non-empty data event but `[DONE]` */
  contentField?: string;
  slo?: Slo;
  /** The SLO as typed, for the echo. */
  sloText?: string;
  jsonPath?: string;
  /** p99 dispatch lag above which the generator is flagged overloaded. @default the engine's (10 ms) */
  maxDispatchLagMs?: number;
  /** Share of late requests above which the generator is flagged overloaded. @default the engine's (0.01) */
  maxLateRatio?: number;
  /** @default `METHOD /path` */
  name: string;
  quiet: boolean;
  /** TCP connect check before the run. @default true */
  preflight: boolean;
  /** Non-loopback hosts allowed by `--allow-host` (added to `PERF_ALLOW_HOSTS`). @default [] */
  allowHosts: string[];
  /** `--shard i/N`: this process runs the iterations k ≡ i (mod N) of the schedule. */
  shard?: ShardSpec;
  /** `--start-at`: epoch ms at which recording starts (required with `--shard`). */
  startAtMs?: number;
  /** `--workers N`: generator processes on this machine. @default 1 */
  workers?: number;
}

function num(kind: 'positive' | 'non-negative' | 'positive integer', flag?: LimitedFlag) {
  const limit = flag ? RUN_FLAG_LIMITS[flag] : undefined;
  return z.string().transform((s, ctx) => {
    const n = s.trim() === '' ? NaN : Number(s);
    const ok = Number.isFinite(n) && (kind === 'non-negative' ? n >= 0 : n > 0) && (kind !== 'positive integer' || Number.isInteger(n));
    if (!ok) {
      ctx.addIssue({ code: 'custom', message: `expected a ${kind === 'positive integer' ? kind : `${kind} number`}, got "${s}"` });
      return z.NEVER;
    }
    if (limit && n > limit.max) {
      const note = limit.note ? ` (${limit.note})` : '';
      ctx.addIssue({ code: 'custom', message: `expected at most ${limit.max}${limit.unit}${note}, got "${s}"` });
      return z.NEVER;
    }
    return n;
  });
}

const required = (hint: string) => ({ error: (iss: { input: unknown }) => (iss.input === undefined ? `required (${hint})` : undefined) });

const rawSchema = z.object({
  url: z.string(required('the target URL, e.g. --url http://127.0.0.1:8080/health')).transform((s, ctx) => {
    let u: URL;
    try {
      u = new URL(s);
    } catch {
      ctx.addIssue({ code: 'custom', message: `expected an absolute http(s) URL, got "${redact(s)}"` });
      return z.NEVER;
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', message: `expected an http or https URL, got protocol "${u.protocol}"` });
      return z.NEVER;
    }
    return u;
  }),
  // Bounded per generator process after parsing: --workers and --shard divide it (checkRate).
  rate: z.string(required('iterations per second, e.g. --rate 10')).pipe(num('positive')),
  duration: z.string(required('seconds at full rate, e.g. --duration 30')).pipe(num('positive', 'duration')),
  ramp: num('non-negative', 'ramp').optional(),
  warmup: num('non-negative', 'warmup').optional(),
  connections: num('positive integer', 'connections').optional(),
  'max-in-flight': num('positive integer', 'max-in-flight').optional(),
  timeout: num('positive', 'timeout').optional(),
  method: z
    .string()
    .regex(/^[A-Za-z]+$/, 'expected an HTTP method such as GET or POST')
    .transform((s) => s.toUpperCase())
    .optional(),
  header: z.array(z.string()).optional(),
  body: z.string().optional(),
  sse: z.boolean().optional(),
  'max-event-bytes': num('positive integer').optional(),
  'content-field': z.string().regex(CONTENT_FIELD_PATH, 'expected a dotted JSON path such as Response or choices.0.delta.content').optional(),
  slo: z.string().optional(),
  'max-dispatch-lag': num('positive', 'max-dispatch-lag').optional(),
  'max-late-ratio': num('non-negative').optional(),
  json: z.string().min(1, 'expected a file path').optional(),
  name: z.string().min(1, 'expected a non-empty name').max(200, 'expected at most 200 characters').optional(),
  quiet: z.boolean().optional(),
  preflight: z.boolean().optional(),
  'allow-host': z.array(z.string()).optional(),
  shard: z.string().optional(),
  'start-at': z.string().optional(),
  workers: num('positive integer', 'workers').optional(),
});

function parseHeaders(lines: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    const name = i > 0 ? line.slice(0, i).trim() : '';
    if (!HEADER_NAME.test(name)) {
      const shown = redact(line).slice(0, 40);
      throw new ConfigError(`--header: expected "Name: value", got "${shown}${line.length > 40 ? '…' : ''}"`);
    }
    const value = line.slice(i + 1).trim();
    if (BAD_HEADER_VALUE.test(value)) {
      throw new ConfigError(`--header: the value of "${name}" contains a CR, LF or other control character, which a header cannot hold (value not shown)`);
    }
    const existing = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
    if (existing) headers[existing] = `${headers[existing]}, ${value}`;
    else headers[name] = value;
  }
  return headers;
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

/** Turns a parseArgs failure into a one-line usage message. */
export function argsError(err: unknown, command: string): ConfigError {
  const message = err instanceof Error ? err.message : String(err);
  const flag = /'(--?[\w-]+)/.exec(message)?.[1];
  if (flag && /ambiguous/.test(message)) {
    return new ConfigError(`${flag}: a value starting with "-" must be written ${flag}=VALUE`, { cause: err });
  }
  const first = (message.split(/\.\s|\n/)[0] ?? message).replace(/\.$/, '');
  return new ConfigError(`perf ${command}: ${first} (see perf ${command} --help)`, { cause: err });
}

/** Parses and validates `perf run` arguments; `help: true` when `--help` was asked. Throws `ConfigError` naming the flag. */
export function parseRunArgs(argv: string[]): { help: true } | { help: false; options: RunCommandOptions } {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args: argv, options: RUN_FLAGS, strict: true, allowPositionals: false, allowNegative: true }));
  } catch (err) {
    throw argsError(err, 'run');
  }
  if (values.help) return { help: true };
  const parsed = rawSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const flag = String(issue?.path[0] ?? '');
    throw new ConfigError(`${flag ? `--${flag}` : 'perf run'}: ${issue?.message ?? 'invalid'}`, { cause: parsed.error });
  }
  const v = parsed.data;
  if ((v.ramp ?? 0) + v.duration > MAX_RUN_S) {
    throw new ConfigError(`--ramp + --duration: expected at most ${MAX_RUN_S} s (7 days) in all, got ${(v.ramp ?? 0) + v.duration} s`);
  }
  const allowHosts = (v['allow-host'] ?? []).flatMap((h) => parseAllowHosts(h, '--allow-host'));
  const headers = parseHeaders(v.header ?? []);
  const method = v.method ?? (v.body !== undefined ? 'POST' : 'GET');
  if (v.body !== undefined && !hasHeader(headers, 'content-type')) {
    headers['content-type'] = looksLikeJson(v.body) ? 'application/json' : 'text/plain;charset=utf-8';
  }
  if (v.sse && !hasHeader(headers, 'accept')) headers.accept = 'text/event-stream';
  const options: RunCommandOptions = {
    url: v.url,
    ratePerS: v.rate,
    durationS: v.duration,
    rampS: v.ramp ?? 0,
    timeoutS: v.timeout ?? 30,
    method,
    headers,
    sse: v.sse ?? false,
    name: redact(v.name ?? `${method} ${v.url.pathname}`),
    quiet: v.quiet ?? false,
    preflight: v.preflight ?? true,
    allowHosts,
  };
  if (v.warmup !== undefined) options.warmupS = v.warmup;
  if (v.connections !== undefined) options.connections = v.connections;
  if (v['max-in-flight'] !== undefined) options.maxInFlight = v['max-in-flight'];
  if (v.body !== undefined) options.body = v.body;
  if (v.json !== undefined) options.jsonPath = v.json;
  if (v['max-event-bytes'] !== undefined) {
    if (!options.sse) throw new ConfigError('--max-event-bytes: applies to SSE streams only, add --sse');
    if (v['max-event-bytes'] > MAX_BUFFER_BYTES) {
      throw new ConfigError(`--max-event-bytes: expected at most ${MAX_BUFFER_BYTES} bytes (1 GiB), got "${v['max-event-bytes']}"`);
    }
    options.maxEventBytes = v['max-event-bytes'];
  }
  if (v['content-field'] !== undefined) {
    if (!options.sse) throw new ConfigError('--content-field: applies to SSE streams only, add --sse');
    options.contentField = v['content-field'];
  }
  if (v['max-dispatch-lag'] !== undefined) options.maxDispatchLagMs = v['max-dispatch-lag'];
  if (v['max-late-ratio'] !== undefined) {
    if (v['max-late-ratio'] > 1) throw new ConfigError(`--max-late-ratio: expected a ratio between 0 and 1, got "${v['max-late-ratio']}"`);
    options.maxLateRatio = v['max-late-ratio'];
  }
  if (v.shard !== undefined) options.shard = parseShard(v.shard, '--shard');
  checkRate(v.rate, String(values.rate), Math.max(options.shard?.count ?? 1, v.workers ?? 1));
  if (v.workers !== undefined) {
    if (options.shard !== undefined && options.shard.count > 1 && v.workers > 1) throw new ConfigError('--workers: cannot be combined with --shard; run one process per shard, or workers on one machine');
    options.workers = v.workers;
  }
  if (v['start-at'] !== undefined) options.startAtMs = parseStartAt(v['start-at'], '--start-at');
  if (options.shard !== undefined && options.shard.count > 1 && options.startAtMs === undefined) {
    throw new ConfigError('--shard: needs --start-at, the instant every shard starts recording (ISO time or epoch ms)');
  }
  if (v.slo !== undefined) {
    options.slo = parseSloExpression(v.slo, '--slo');
    options.sloText = v.slo;
  }
  return { help: false, options };
}

/** `--rate` is bounded per generator process: N shards or workers may ask N times as much. */
function checkRate(rate: number, raw: string, processes: number): void {
  const l = RUN_FLAG_LIMITS.rate;
  const max = l.max * processes;
  if (rate <= max) return;
  const per = processes > 1 ? `, ${l.max}${l.unit} per process × ${processes}` : '';
  throw new ConfigError(`--rate: expected at most ${max}${l.unit} (${l.note}${per}), got "${raw}"`);
}

function looksLikeJson(body: string): boolean {
  const t = body.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

/** The `runLoad` options of a `perf run`: a linear ramp 0 → rate over `rampS`, then a hold of `durationS`. */
export function toRunLoadOptions(o: RunCommandOptions, extra: Pick<RunLoadOptions, 'signal' | 'onProgress'> = {}): RunLoadOptions {
  const scenario: RequestSpec = { name: o.name, method: o.method, url: o.url.href, headers: o.headers, sse: o.sse };
  if (o.body !== undefined) scenario.body = o.body;
  if (o.contentField !== undefined) scenario.contentField = o.contentField;
  const stages = o.rampS > 0
    ? [{ durationS: o.rampS, target: o.ratePerS }, { durationS: o.durationS, target: o.ratePerS }]
    : [{ durationS: o.durationS, target: o.ratePerS }];
  const opts: RunLoadOptions = {
    name: o.name,
    scenario,
    model: { type: 'arrival-rate', startRate: o.rampS > 0 ? 0 : o.ratePerS, stages },
    timeoutMs: o.timeoutS * 1000,
    judge: 'steady',
    ...extra,
  };
  if (o.warmupS !== undefined) opts.warmupS = o.warmupS;
  if (o.connections !== undefined) opts.connections = o.connections;
  if (o.maxInFlight !== undefined) opts.maxInFlight = o.maxInFlight;
  if (o.slo !== undefined) opts.slo = o.slo;
  if (o.maxEventBytes !== undefined) opts.maxEventBytes = o.maxEventBytes;
  if (o.maxDispatchLagMs !== undefined) opts.maxDispatchLagMs = o.maxDispatchLagMs;
  if (o.maxLateRatio !== undefined) opts.maxLateRatio = o.maxLateRatio;
  if (o.shard !== undefined) opts.shard = o.shard;
  if (o.startAtMs !== undefined) opts.startAt = o.startAtMs;
  if (o.workers !== undefined) opts.workers = o.workers;
  return opts;
}
