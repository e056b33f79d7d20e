import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { HttpClient } from '../http/client.ts';
import { prepareRequest } from '../http/prepare.ts';
import type { RequestResult, RequestSpec } from '../http/types.ts';
import type { IterationContext, Scenario } from '../load/types.ts';

/** One unloaded iteration: its latency from the first request's start to the end of the last, and how it ended. */
export interface ProbeResult {
  ok: boolean;
  latencyMs: number;
  /** The first failure, e.g. `http_5xx: HTTP 503`. */
  error?: string;
  /** Some request got an HTTP response (the target is there, even if it answered with an error). */
  answered: boolean;
}

/**
 * Runs single iterations of a scenario outside a load run, with the engine's HTTP client (same
 * timing and checks as under load): the unloaded baseline and the reachability check of a capacity
 * search. Never throws from `run()`.
 */
export class Prober {
  private readonly client: HttpClient;
  private iteration = 0;

  constructor(
    private readonly scenario: RequestSpec | Scenario,
    private readonly baseUrl: string | undefined,
    private readonly timeoutMs: number,
  ) {
    this.client = new HttpClient({ connections: 1, connectTimeoutMs: Math.min(timeoutMs, 10_000) });
  }

  private send(spec: RequestSpec, startMs: number): Promise<RequestResult> {
    return new Promise((resolve) => {
      let prepared;
      try {
        prepared = prepareRequest(spec, this.baseUrl, this.timeoutMs);
      } catch (err) {
        resolve({ name: spec.name ?? 'request', outcome: 'invalid_body', errorKind: 'invalid_body', error: (err as Error).message, status: 0, latencyMs: 0, serviceTimeMs: 0 });
        return;
      }
      this.client.send(prepared, startMs, { done: (ex) => resolve(ex.toResult()) });
    });
  }

  async run(signal?: AbortSignal): Promise<ProbeResult> {
    const start = performance.now();
    if (typeof this.scenario !== 'function') {
      const r = await this.send(this.scenario, start);
      const answered = r.status > 0;
      return r.outcome === 'ok' ? { ok: true, latencyMs: r.latencyMs, answered } : { ok: false, latencyMs: r.latencyMs, error: describe(r), answered };
    }
    let failure: string | undefined;
    let answered = false;
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const ctx: IterationContext = {
      request: async (spec) => {
        const r = await this.send(spec, performance.now());
        if (r.status > 0) answered = true;
        if (r.outcome !== 'ok' && failure === undefined) failure = describe(r);
        return r;
      },
      sleep: (ms) => sleep(ms, undefined, { signal: controller.signal }).catch(() => undefined),
      vu: 0,
      iteration: this.iteration++,
      signal: controller.signal,
    };
    try {
      await this.scenario(ctx);
    } catch (err) {
      failure ??= `invalid_body: scenario threw: ${(err as Error).message}`;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    const latencyMs = performance.now() - start;
    return failure === undefined ? { ok: true, latencyMs, answered } : { ok: false, latencyMs, error: failure, answered };
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

function describe(r: RequestResult): string {
  const kind = r.errorKind ?? r.outcome;
  const detail = r.error ?? (r.status ? `HTTP ${r.status}` : '');
  return `${r.name}: ${kind}${detail ? ` (${detail})` : ''}`;
}
