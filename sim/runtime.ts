import type { TraceLog } from './trace-log.ts';
import type { SimConfig } from './config.ts';
import { burnCpu } from './cpu.ts';
import { resolveLlm, resolveServiceTime } from './config.ts';
import { BACKENDS, SERVICE_TIMES, sampleLognormalMs, type Backend, type EndpointKey, type LlmModel, type ServiceTime } from './model.ts';
import { WorkerPool } from './pool.ts';
import { createRng } from './rng.ts';
import { LlmSource } from './llm.ts';
import { SimState } from './state.ts';

/** Counters exposed on `/metrics` and `/_sim/state`. */
export interface SimStats {
  requestsInFlight: number;
  openStreams: number;
  requestsTotal: number;
  gatewayTimeoutsTotal: number;
  clientAbortsTotal: number;
  streamsCompletedTotal: number;
  handlerErrorsTotal: number;
  /** CPU time the faults asked to burn (`redeemCpuMs`, `accountPutCpuMs`, create-session), ms. */
  faultCpuMsTotal: number;
  /** New users initialised by their first authenticated call. */
  newUserInitsTotal: number;
  /** Time to first token the `userChatExtraTtft` fault added to chat streams, ms. */
  faultTtftMsTotal: number;
  /** Time to first token the images of chats added (`chatImageTtft`), ms. */
  imageTtftMsTotal: number;
}

/** Everything a route handler needs: config, state, backends and the random source. */
export class SimRuntime {
  readonly rand: () => number;
  readonly state: SimState;
  readonly pools: Record<Backend, WorkerPool>;
  readonly llm: LlmModel;
  /** Where chat replies come from (the LLM model, or `llmEndpoint`). */
  readonly llmSource: LlmSource;
  readonly stats: SimStats = {
    requestsInFlight: 0, openStreams: 0, requestsTotal: 0, gatewayTimeoutsTotal: 0,
    clientAbortsTotal: 0, streamsCompletedTotal: 0, handlerErrorsTotal: 0, faultCpuMsTotal: 0, newUserInitsTotal: 0, faultTtftMsTotal: 0, imageTtftMsTotal: 0,
  };
  private readonly serviceTimes = new Map<EndpointKey, ServiceTime>();
  /** Timers of live streams, cleared on close. */
  readonly streamTimers = new Set<NodeJS.Timeout>();
  /** One line per request with its trace id and server-side times (`SIM_TRACE_LOG`); undefined: off. */
  traceLog: TraceLog | undefined;

  constructor(readonly config: SimConfig) {
    this.rand = createRng(config.randomSeed);
    this.state = new SimState(config, this.rand);
    this.pools = Object.fromEntries(BACKENDS.map((b) => [b, new WorkerPool(b, config.workers[b])])) as Record<Backend, WorkerPool>;
    this.llm = resolveLlm(config);
    this.llmSource = new LlmSource(this.llm, this.rand, (m, p) => this.sample(m, p), config.llmEndpoint);
    for (const [key, base] of Object.entries(SERVICE_TIMES) as [EndpointKey, ServiceTime][]) {
      this.serviceTimes.set(key, resolveServiceTime(config, key, base));
    }
  }

  serviceTime(key: EndpointKey): { backend: Backend; ms: number } {
    const t = this.serviceTimes.get(key)!;
    return { backend: t.backend, ms: sampleLognormalMs(t.medianMs, t.p95Ms, this.rand) };
  }

  sample(medianMs: number, p95Ms: number): number {
    return sampleLognormalMs(medianMs, p95Ms, this.rand);
  }

  /** Burns `ms` of real CPU as a fault, counted in `stats.faultCpuMsTotal`. */
  burnCpu(ms: number): void {
    if (!(ms > 0)) return;
    this.stats.faultCpuMsTotal += ms;
    burnCpu(ms);
  }

  uniform(min: number, max: number): number {
    return min + (max - min) * this.rand();
  }

  close(): void {
    for (const p of Object.values(this.pools)) p.close();
    for (const t of this.streamTimers) clearTimeout(t);
    this.streamTimers.clear();
  }
}
