import { Agent, FormData, request } from 'undici';
import type { z } from 'zod';
import { type MultipartField, type RequestSpec, SetupError, TargetUnreachableError, type TraceOptions, TraceStamper } from '../../src/index.ts';
import { firstIssue, readEnvelope } from './checks.ts';

/** A set-up response: status and body text. */
export interface SetupResponse {
  status: number;
  body: string;
}

export interface SetupClientOptions {
  /** Connections per origin for set-up traffic. @default 16 */
  connections?: number;
  /** Per-request timeout. @default 30000 */
  timeoutMs?: number;
  /** W3C trace context on every set-up request (logins included): a fresh `traceparent` each; `false` sends none. @default {} (on, not sampled) */
  trace?: TraceOptions | false;
}

/** What a request is, for messages: `POST /api/godgpt/create-session` (never headers or bodies: they hold secrets). */
export function describeSpec(spec: Pick<RequestSpec, 'method' | 'url'>): string {
  let path = spec.url;
  try {
    path = new URL(spec.url).pathname;
  } catch {
    /* relative */
  }
  return `${spec.method ?? 'GET'} ${path}`;
}

function snippet(body: string): string {
  const t = body.replace(/\s+/g, ' ').trim();
  return t.length > 120 ? `${t.slice(0, 120)}…` : t || '(empty body)';
}

/**
 * Sends set-up traffic (login, sessions, seeding) with its own undici agent, outside any measured
 * run. Every failure throws `SetupError` (or `TargetUnreachableError` when nothing answers) with
 * the route and the reason, never the credentials.
 */
export class SetupClient {
  private readonly agent: Agent;
  private readonly timeoutMs: number;
  private readonly tracer: TraceStamper | null;

  constructor(options: SetupClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.tracer = options.trace === false ? null : new TraceStamper(options.trace);
    this.agent = new Agent({ connections: options.connections ?? 16, headersTimeout: this.timeoutMs, bodyTimeout: this.timeoutMs });
  }

  /**
   * Sends a spec (a raw or multipart body; an SSE answer is read to its end) and returns status and
   * body; throws only when no response arrives.
   */
  async send(spec: RequestSpec): Promise<SetupResponse> {
    try {
      const res = await request(spec.url, {
        method: (spec.method ?? 'GET') as 'GET',
        headers: this.tracer === null || hasTraceparent(spec.headers) ? spec.headers : { ...spec.headers, ...this.tracer.headers().headers },
        body: spec.multipart ? formData(spec.multipart) : spec.body === undefined ? undefined : typeof spec.body === 'string' ? spec.body : Buffer.from(spec.body),
        dispatcher: this.agent,
        signal: AbortSignal.timeout(spec.timeoutMs ?? this.timeoutMs),
      });
      return { status: res.statusCode, body: await res.body.text() };
    } catch (cause) {
      const code = (cause as { code?: string }).code;
      const what = `${describeSpec(spec)} (${new URL(spec.url).origin})`;
      if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'UND_ERR_CONNECT_TIMEOUT') {
        throw new TargetUnreachableError(`${what}: target does not answer (${code})`, { cause });
      }
      const reason = (cause as Error).name === 'TimeoutError' ? `no response within ${spec.timeoutMs ?? this.timeoutMs} ms` : (cause as Error).message;
      throw new SetupError(`${what}: ${reason}`, { cause });
    }
  }

  /** Sends `spec` and returns the validated envelope `data`; anything else throws `SetupError` naming `what`. */
  async data<T>(spec: RequestSpec, schema: z.ZodType<T>, what: string): Promise<T> {
    const res = await this.send(spec);
    if (res.status !== 200) throw new SetupError(`${what}: ${describeSpec(spec)} answered HTTP ${res.status}: ${snippet(res.body)}`);
    const r = readEnvelope(res.body, schema);
    if (!r.ok) throw new SetupError(`${what}: ${describeSpec(spec)} returned an unusable body: ${r.reason}`);
    return r.data;
  }

  /** Sends `spec` and validates a raw JSON body (no envelope). */
  async json<T>(spec: RequestSpec, schema: z.ZodType<T>, what: string): Promise<T> {
    const res = await this.send(spec);
    if (res.status < 200 || res.status > 299) throw new SetupError(`${what}: ${describeSpec(spec)} answered HTTP ${res.status}: ${snippet(res.body)}`);
    let json: unknown;
    try {
      json = JSON.parse(res.body);
    } catch (cause) {
      throw new SetupError(`${what}: ${describeSpec(spec)} returned non-JSON: ${snippet(res.body)}`, { cause });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new SetupError(`${what}: ${describeSpec(spec)} returned an unusable body: ${firstIssue(parsed.error)}`);
    return parsed.data;
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

function hasTraceparent(headers: Record<string, string> | undefined): boolean {
  return headers !== undefined && Object.keys(headers).some((k) => k.toLowerCase() === 'traceparent');
}

/** A multipart body as undici sends it (it sets the boundary header). */
function formData(fields: MultipartField[]): FormData {
  const form = new FormData();
  for (const f of fields) {
    if (f.filename === undefined && typeof f.value === 'string') form.append(f.name, f.value);
    else form.append(f.name, new Blob([typeof f.value === 'string' ? f.value : new Uint8Array(f.value)], { type: f.contentType ?? 'application/octet-stream' }), f.filename ?? f.name);
  }
  return form;
}

/** Checks that `url` answers HTTP at all (any status) within `timeoutMs`; throws `TargetUnreachableError` naming `varName`. */
export async function assertReachable(url: string, varName: string, timeoutMs = 5000): Promise<void> {
  try {
    const res = await request(url, { method: 'GET', signal: AbortSignal.timeout(timeoutMs) });
    await res.body.dump();
  } catch (cause) {
    const code = (cause as { code?: string }).code ?? (cause as Error).name;
    throw new TargetUnreachableError(`${varName}=${url} does not answer (${code}); check ${varName} or start the target`, { cause });
  }
}
