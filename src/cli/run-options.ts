import { parseArgs } from 'node:util';
import { z } from 'zod';
import { controlCharProblem } from '../core/control-chars.ts';
import { ConfigError } from '../core/errors.ts';
import { MAX_BUFFER_BYTES } from '../http/sse.ts';
import { CONTENT_FIELD_PATH } from '../http/content.ts';
import { STREAM_FORMATS, type StreamFormat } from '../http/openai-stream.ts';
import { parseAllowHosts } from '../http/target-guard.ts';
import { MAX_RUN_S, MIN_RATE_PER_S } from '../load/options.ts';
import { redact } from '../report/redact.ts';
import { parseSloExpression } from '../slo/expression.ts';
import type { Slo } from '../slo/types.ts';
import { parseShard, parseStartAt } from '../shard/identity.ts';
import { parseTracestate } from '../http/trace.ts';
import { parseRemoteWriteUrl, type RemoteWriteTarget } from '../export/remote-write-env.ts';
import type { ShardSpec } from '../shard/types.ts';
import { argsError } from './args-error.ts';
import { arrivalsFlags } from './arrivals-flags.ts';
import type { Arrivals } from '../load/arrivals.ts';
import { assertRunSloMeasurable } from './slo-measurable.ts';
import { checkContentLength, hasHeader, looksLikeJson, parseHeaders } from './request-flags.ts';
import { MIN_DURATION_S, RUN_FLAG_LIMITS, RUN_FLAGS, type LimitedFlag } from './run-flags.ts';

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
  /**
   * `--stream-format openai` (`--sse` only): an OpenAI-compatible stream, the answer in
   * `choices[0].delta.content`, output tokens from `usage.completion_tokens` when sent.
   * @default none: `--content-field`, else each whole data line (with a warning in the summary)
   */
  streamFormat?: StreamFormat;
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
  /** `--arrivals` (with `--seed`): how requests arrive. @default constant */
  arrivals?: Arrivals;
  /** `--workers N`: generator processes on this machine. @default 1 */
  workers?: number;
  /** `--no-trace`, `--trace-sampled`, `--tracestate S` as given; what is not given comes from `PERF_TRACE*`. @default {} */
  traceFlags?: { on?: boolean; sampled?: boolean; tracestate?: string };
  /** `--prometheus-rw URL`: stream per-second metrics to this remote-write receiver. @default `PERF_PROMETHEUS_RW_URL` */
  remoteWrite?: RemoteWriteTarget;
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

/** A user-supplied name: printed in every output, so no control character (src/core/control-chars.ts). */
const printableName = z
  .string()
  .min(1, 'expected a non-empty name')
  .max(200, 'expected at most 200 characters')
  .superRefine((s, ctx) => {
    const problem = controlCharProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

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
    if (u.port === '0') {
      ctx.addIssue({ code: 'custom', message: `port 0 is not a port a client can connect to, got "${redact(s)}"` });
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
    .regex(/^[A-Za-z]+$/, 'expected an HTTP method such as GET or POST (letters only)')
    .transform((s) => s.toUpperCase())
    .refine((m) => m !== 'CONNECT', 'CONNECT opens a tunnel, not a request the HTTP client can send and time; use another method')
    .optional(),
  header: z.array(z.string()).optional(),
  body: z.string().optional(),
  sse: z.boolean().optional(),
  'max-event-bytes': num('positive integer').optional(),
  'content-field': z.string().regex(CONTENT_FIELD_PATH, 'expected a dotted JSON path such as Response or choices.0.delta.content').optional(),
  'stream-format': z.enum(STREAM_FORMATS, { error: (i) => `expected ${STREAM_FORMATS.join(' or ')}, got "${String(i.input).slice(0, 40)}"` }).optional(),
  slo: z.string().optional(),
  'max-dispatch-lag': num('positive', 'max-dispatch-lag').optional(),
  'max-late-ratio': num('non-negative').optional(),
  json: z.string().min(1, 'expected a file path').optional(),
  name: printableName.optional(),
  quiet: z.boolean().optional(),
  preflight: z.boolean().optional(),
  'allow-host': z.array(z.string()).optional(),
  shard: z.string().optional(),
  'start-at': z.string().optional(),
  workers: num('positive integer', 'workers').optional(),
  arrivals: z.string().optional(),
  seed: z.string().optional(),
  trace: z.boolean().optional(),
  'trace-sampled': z.boolean().optional(),
  tracestate: z.string().optional(),
  'prometheus-rw': z.string().optional(),
});

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
  if (v.duration < MIN_DURATION_S) {
    throw new ConfigError(`--duration: expected at least ${MIN_DURATION_S} s (a shorter window measures no rate), got "${String(values.duration)}"`);
  }
  if ((v.ramp ?? 0) + v.duration > MAX_RUN_S) {
    throw new ConfigError(`--ramp + --duration: expected at most ${MAX_RUN_S} s (7 days) in all, got ${(v.ramp ?? 0) + v.duration} s`);
  }
  const allowHosts = (v['allow-host'] ?? []).flatMap((h) => parseAllowHosts(h, '--allow-host'));
  const headers = parseHeaders(v.header ?? []);
  checkContentLength(headers, v.body);
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
  if (v['stream-format'] !== undefined) {
    if (!options.sse) throw new ConfigError('--stream-format: applies to SSE streams only, add --sse');
    if (options.contentField !== undefined) throw new ConfigError(`--stream-format: ${v['stream-format']} reads the answer itself; drop --content-field`);
    options.streamFormat = v['stream-format'];
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
  const arrivals = arrivalsFlags(v.arrivals, v.seed);
  if (arrivals !== undefined) options.arrivals = arrivals;
  if (options.shard !== undefined && options.shard.count > 1 && arrivals !== undefined && arrivals.kind !== 'constant' && arrivals.seed === undefined) {
    throw new ConfigError(`--seed: --shard with --arrivals ${v.arrivals?.trim()} needs --seed, the same on every shard`);
  }
  if (v['start-at'] !== undefined) options.startAtMs = parseStartAt(v['start-at'], '--start-at');
  if (options.shard !== undefined && options.shard.count > 1 && options.startAtMs === undefined) {
    throw new ConfigError('--shard: needs --start-at, the instant every shard starts recording (ISO time or epoch ms)');
  }
  if (v.trace !== undefined || v['trace-sampled'] !== undefined || v.tracestate !== undefined) {
    if (v.tracestate !== undefined) parseTracestate(v.tracestate, '--tracestate');
    options.traceFlags = {
      ...(v.trace !== undefined ? { on: v.trace } : {}),
      ...(v['trace-sampled'] !== undefined ? { sampled: v['trace-sampled'] } : {}),
      ...(v.tracestate !== undefined ? { tracestate: v.tracestate } : {}),
    };
  }
  if (v['prometheus-rw'] !== undefined) options.remoteWrite = parseRemoteWriteUrl(v['prometheus-rw'], '--prometheus-rw');
  if (v.slo !== undefined) {
    options.slo = parseSloExpression(v.slo, '--slo');
    assertRunSloMeasurable(options.slo, options.sse);
    options.sloText = v.slo;
  }
  return { help: false, options };
}

/** `--rate` is at least {@link MIN_RATE_PER_S}, and bounded per generator process: N shards or workers may ask N times as much. */
function checkRate(rate: number, raw: string, processes: number): void {
  if (rate < MIN_RATE_PER_S) throw new ConfigError(`--rate: expected at least ${MIN_RATE_PER_S}/s (one request per 1000 s), got "${raw}"`);
  const l = RUN_FLAG_LIMITS.rate;
  const max = l.max * processes;
  if (rate <= max) return;
  const per = processes > 1 ? `, ${l.max}${l.unit} per process × ${processes}` : '';
  throw new ConfigError(`--rate: expected at most ${max}${l.unit} (${l.note}${per}), got "${raw}"`);
}
