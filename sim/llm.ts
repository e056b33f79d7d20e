/**
 * Where chat replies come from: the simulator's own LLM model (time to first token, token rate,
 * reply length, and for `real-llm` a hosted model's concurrency limit and upstream failures that
 * the service retries), or a real OpenAI-compatible `/v1/chat/completions` endpoint
 * (`SIM_LLM_URL`). Either way the reply is a series of text deltas, each yielded when it arrives.
 */
import { CHARS_PER_CHUNK, CHARS_PER_TOKEN, prefillMs, type LlmModel } from './model.ts';
import { chunkText, generateText } from './text.ts';

/** What the model needs of the request it answers (a simulator `Ctx` has it). */
export interface LlmRequest {
  /** False once the client went away or the answer was written. */
  readonly open: boolean;
  onAbort(handler: () => void): void;
  /** Waits `ms`; false when the request ended meanwhile. */
  delay(ms: number): Promise<boolean>;
}

/** One piece of the reply; `end` is true at a sentence end (voice replies add audio there). */
export interface LlmDelta {
  text: string;
  end: boolean;
}

/** A real model behind the simulator (`SIM_LLM_URL`, `SIM_LLM_API_KEY`, `SIM_LLM_MODEL`). */
export interface LlmEndpoint {
  url: string;
  apiKey?: string | undefined;
  model: string;
}

/** Upstream gave up after every retry: the service answers with an error. */
export class UpstreamFailedError extends Error {}

/** Counters of the upstream model, on `/metrics` and `/_sim/state`. */
export interface LlmStats {
  /** Requests holding a slot of the upstream's concurrency limit. */
  active: number;
  /** Requests waiting for a slot. */
  queued: number;
  rateLimitedTotal: number;
  timeoutsTotal: number;
  retriesTotal: number;
  failedTotal: number;
}

/** FIFO semaphore: the upstream model serves `limit` streams at once (0 = no limit). */
class Slots {
  private readonly waiters: (() => void)[] = [];
  constructor(private readonly limit: number, private readonly stats: LlmStats) {}

  acquire(ctx: LlmRequest): Promise<boolean> {
    if (!ctx.open) return Promise.resolve(false);
    if (this.limit <= 0 || this.stats.active < this.limit) {
      this.stats.active++;
      return Promise.resolve(true);
    }
    this.stats.queued++;
    return new Promise((resolve) => {
      let settled = false;
      const grant = (): void => {
        if (settled) return;
        settled = true;
        this.stats.queued--;
        this.stats.active++;
        resolve(true);
      };
      this.waiters.push(grant);
      ctx.onAbort(() => {
        if (settled) return;
        settled = true;
        this.stats.queued--;
        const i = this.waiters.indexOf(grant);
        if (i >= 0) this.waiters.splice(i, 1);
        resolve(false);
      });
    });
  }

  release(): void {
    this.stats.active--;
    this.waiters.shift()?.();
  }
}

/** The reply source of one simulator: its model, its upstream's slots and counters. */
export class LlmSource {
  readonly stats: LlmStats = { active: 0, queued: 0, rateLimitedTotal: 0, timeoutsTotal: 0, retriesTotal: 0, failedTotal: 0 };
  private readonly slots: Slots;

  constructor(
    private readonly model: LlmModel,
    private readonly rand: () => number,
    private readonly sample: (medianMs: number, p95Ms: number) => number,
    private readonly endpoint?: LlmEndpoint,
  ) {
    this.slots = new Slots(endpoint ? 0 : model.concurrency, this.stats);
  }

  /**
   * The reply's deltas, each yielded when it is due. Ends early (no more deltas) when the client
   * went away; throws `UpstreamFailedError` when the upstream failed on every attempt.
   */
  async *reply(ctx: LlmRequest, prompt: string, extraTtftMs = 0): AsyncGenerator<LlmDelta> {
    if (!(await this.slots.acquire(ctx))) return;
    try {
      if (this.endpoint) yield* this.fromEndpoint(ctx, this.endpoint, prompt, extraTtftMs);
      else yield* this.modelled(ctx, extraTtftMs, prompt);
    } finally {
      this.slots.release();
    }
  }

  private async *modelled(ctx: LlmRequest, extraTtftMs: number, prompt: string): AsyncGenerator<LlmDelta> {
    const m = this.model;
    for (let attempt = 0; m.rateLimitRatio + m.timeoutRatio > 0; attempt++) {
      const r = this.rand();
      const failure = r < m.rateLimitRatio ? 'rate' : r < m.rateLimitRatio + m.timeoutRatio ? 'timeout' : undefined;
      if (!failure) break;
      if (failure === 'rate') this.stats.rateLimitedTotal++;
      else this.stats.timeoutsTotal++;
      // A 429 comes back at once; a timeout costs the service its whole upstream timeout.
      if (!(await ctx.delay(failure === 'rate' ? m.rateLimitLatencyMs : m.upstreamTimeoutMs))) return;
      if (attempt >= m.maxRetries) {
        this.stats.failedTotal++;
        throw new UpstreamFailedError(failure === 'rate' ? 'upstream model rate limited (429)' : 'upstream model timed out');
      }
      this.stats.retriesTotal++;
      if (!(await ctx.delay(m.retryBackoffMs * 2 ** attempt))) return;
    }
    const ttft = this.sample(m.ttftMedianMs, m.ttftP95Ms) + prefillMs(m, prompt) + extraTtftMs;
    const tokens = Math.round(m.tokensMin + (m.tokensMax - m.tokensMin) * this.rand());
    const msPerChar = 1000 / ((m.tokensPerSMin + (m.tokensPerSMax - m.tokensPerSMin) * this.rand()) * CHARS_PER_TOKEN);
    const deltas = chunkText(generateText(Math.max(CHARS_PER_TOKEN, tokens * CHARS_PER_TOKEN), this.rand), CHARS_PER_CHUNK);
    if (!(await ctx.delay(ttft))) return;
    for (let i = 0; i < deltas.length; i++) {
      const d = deltas[i]!;
      if (i > 0 && !(await ctx.delay(d.text.length * msPerChar))) return;
      yield d;
    }
  }

  private async *fromEndpoint(ctx: LlmRequest, ep: LlmEndpoint, prompt: string, extraTtftMs: number): AsyncGenerator<LlmDelta> {
    if (extraTtftMs > 0 && !(await ctx.delay(extraTtftMs))) return;
    const m = this.model;
    for (let attempt = 0; ; attempt++) {
      const controller = new AbortController();
      ctx.onAbort(() => controller.abort());
      const timer = setTimeout(() => controller.abort(new Error('timeout')), m.upstreamTimeoutMs);
      let res: Response | undefined;
      let why: string;
      try {
        res = await fetch(chatCompletionsUrl(ep.url), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream', ...(ep.apiKey ? { Authorization: `Bearer ${ep.apiKey}` } : {}) },
          body: JSON.stringify({ model: ep.model, stream: true, messages: [{ role: 'user', content: prompt }] }),
          signal: controller.signal,
        });
        clearTimeout(timer);
        if (res.ok && res.body) {
          try {
            for await (const text of sseContent(res.body)) yield { text, end: /[.!?。！？]\s*$/.test(text) };
            return;
          } catch (err) {
            if (!ctx.open) return;
            throw new UpstreamFailedError(`upstream model stream broke: ${(err as Error).message}`);
          }
        }
        why = `upstream model answered HTTP ${res.status}`;
        if (res.status === 429) this.stats.rateLimitedTotal++;
        await res.body?.cancel().catch(() => undefined);
      } catch (err) {
        if (err instanceof UpstreamFailedError) throw err;
        if (!ctx.open) return;
        why = controller.signal.aborted ? 'upstream model timed out' : `upstream model unreachable: ${(err as Error).message}`;
        if (controller.signal.aborted) this.stats.timeoutsTotal++;
      } finally {
        clearTimeout(timer);
      }
      const retryable = res === undefined || res.status === 429 || res.status >= 500;
      if (!retryable || attempt >= m.maxRetries) {
        this.stats.failedTotal++;
        throw new UpstreamFailedError(why);
      }
      this.stats.retriesTotal++;
      if (!(await ctx.delay(m.retryBackoffMs * 2 ** attempt))) return;
    }
  }
}

/** `http://host:port` → `…/v1/chat/completions`; a URL ending in `/v1` or `/chat/completions` is kept. */
export function chatCompletionsUrl(base: string): string {
  const u = base.replace(/\/+$/, '');
  if (u.endsWith('/chat/completions')) return u;
  return u.endsWith('/v1') ? `${u}/chat/completions` : `${u}/v1/chat/completions`;
}

/** The `choices[0].delta.content` of each `data:` event of an OpenAI-style stream, until `[DONE]`. */
export async function* sseContent(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buf = '';
  for await (const bytes of body as unknown as AsyncIterable<Uint8Array>) {
    buf += decoder.decode(bytes, { stream: true });
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).replace(/\r$/, '');
      buf = buf.slice(nl + 1);
      if (!line.startsWith('data:')) continue;
      const data = line.slice(5).trim();
      if (data === '[DONE]') return;
      if (!data) continue;
      let content: unknown;
      try {
        content = (JSON.parse(data) as { choices?: { delta?: { content?: unknown } }[] }).choices?.[0]?.delta?.content;
      } catch {
        continue;
      }
      if (typeof content === 'string' && content !== '') yield content;
    }
  }
}
