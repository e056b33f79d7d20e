import { performance } from 'node:perf_hooks';
import type { ErrorKind } from '../core/outcome.ts';
import { describeError } from '../http/classify.ts';
import type { HttpClient } from '../http/client.ts';
import type { Exchange } from '../http/exchange.ts';
import { prepareRequest, type PreparedRequest } from '../http/prepare.ts';
import type { RequestResult, RequestSpec } from '../http/types.ts';
import type { IterationContext, Scenario } from './types.ts';

/** Node's longest timer; a longer `sleep` would fire at once (the run ends well before anyway). */
const MAX_TIMER_MS = 2_147_483_647;

/** What the flow runner needs of an iteration. */
export interface FlowIteration {
  readonly k: number;
  readonly vu: number;
  readonly intendedMs: number;
  readonly recorded: boolean;
  /**
   * The intended start of the iteration's next request: its own intended start at first, then the
   * end of each request, plus each pause taken since (`sleep`).
   */
  nextMs: number;
}

/** The run's side of a flow: where requests go and their results are recorded. */
export interface FlowHost<It extends FlowIteration> {
  readonly client: HttpClient;
  readonly signal: AbortSignal;
  readonly finished: boolean;
  /** A warm-up iteration sent one more request. */
  onWarmupRequest(): void;
  recordRequest(it: It, ex: Exchange): void;
  recordGap(it: It, ms: number): void;
  failIteration(it: It, kind: ErrorKind, message: string | undefined): void;
  endIteration(it: It): void;
}

/**
 * Runs scenario functions: one context per iteration, requests prepared once per spec object,
 * sleeps cut short when the run ends. Owns the prepared-request cache and the pending sleeps.
 */
export class FlowRunner<It extends FlowIteration> {
  private readonly prepared = new WeakMap<RequestSpec, PreparedRequest>();
  private readonly sleeps = new Set<{ t: NodeJS.Timeout; resolve: () => void }>();

  constructor(
    private readonly host: FlowHost<It>,
    private readonly fn: Scenario,
    private readonly baseUrl: string | undefined,
    private readonly timeoutMs: number,
  ) {}

  /** `fn`: the iteration's scenario (a journey of a mix), else the runner's. */
  run(it: It, fn: Scenario = this.fn): void {
    const host = this.host;
    const ctx: IterationContext = {
      request: (spec) => this.request(it, spec),
      sleep: (ms) => this.sleep(it, ms),
      vu: it.vu,
      iteration: it.k,
      signal: host.signal,
    };
    let p: Promise<void>;
    try {
      p = Promise.resolve(fn(ctx));
    } catch (err) {
      p = Promise.reject(err);
    }
    p.then(
      () => host.endIteration(it),
      (err: unknown) => {
        host.failIteration(it, 'invalid_body', `scenario threw: ${describeError(err)}`);
        host.endIteration(it);
      },
    );
  }

  /** Wakes every sleeping flow (the run is over). */
  wakeAll(): void {
    for (const s of this.sleeps) {
      clearTimeout(s.t);
      s.resolve();
    }
    this.sleeps.clear();
  }

  private request(it: It, spec: RequestSpec): Promise<RequestResult> {
    const host = this.host;
    // Never later than now: a pause cut short by the end of the run leaves `nextMs` ahead.
    const startMs = Math.min(it.nextMs, performance.now());
    let req = this.prepared.get(spec);
    if (req === undefined) {
      try {
        req = prepareRequest(spec, this.baseUrl, this.timeoutMs);
        this.prepared.set(spec, req);
      } catch (err) {
        const message = `request not sent: ${describeError(err)}`;
        host.failIteration(it, 'connect_error', message);
        return Promise.resolve({ name: spec.name ?? 'request', outcome: 'network_error', errorKind: 'connect_error', error: message, status: 0, latencyMs: 0, serviceTimeMs: 0 });
      }
    }
    if (!it.recorded) host.onWarmupRequest();
    return new Promise<RequestResult>((resolve) => {
      host.client.send(req, startMs, {
        done: (ex) => {
          if (ex.endMs > it.nextMs) it.nextMs = ex.endMs;
          host.recordRequest(it, ex);
          if (ex.errorKind !== undefined) host.failIteration(it, ex.errorKind, ex.error);
          resolve(ex.toResult());
        },
        gap: (_ex, ms) => host.recordGap(it, ms),
      });
    });
  }

  /**
   * A pause (think time): the request after it is intended at the previous request's end plus the
   * pause, so a timer that fires late or a send the generator delays counts in its latency; the
   * pause itself never does.
   */
  private sleep(it: It, ms: number): Promise<void> {
    if (!(ms > 0)) return Promise.resolve();
    it.nextMs += Math.min(ms, MAX_TIMER_MS);
    // Until the intended instant, so that the time since the previous request's end is not added to the pause.
    const waitMs = it.nextMs - performance.now();
    if (this.host.finished || waitMs <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const entry = {
        t: setTimeout(() => {
          this.sleeps.delete(entry);
          resolve();
        }, Math.min(waitMs, MAX_TIMER_MS)),
        resolve,
      };
      this.sleeps.add(entry);
    });
  }
}
