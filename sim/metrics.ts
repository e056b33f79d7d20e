import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { SimRuntime } from './runtime.ts';

/** Prometheus text exposition of the simulator's process and model state. */
export class MetricsExporter {
  private readonly loop: IntervalHistogram;

  constructor(private readonly rt: SimRuntime) {
    this.loop = monitorEventLoopDelay({ resolution: 10 });
    this.loop.enable();
  }

  render(): string {
    const cpu = process.cpuUsage();
    const mem = process.memoryUsage();
    const lagMeanS = Number.isFinite(this.loop.mean) ? this.loop.mean / 1e9 : 0;
    const lagP99S = this.loop.count > 0 ? this.loop.percentile(99) / 1e9 : 0;
    const lagMaxS = this.loop.count > 0 ? this.loop.max / 1e9 : 0;
    this.loop.reset();
    const { stats, state, pools } = this.rt;
    const lines: string[] = [];
    const metric = (name: string, type: string, help: string, samples: [string, number][]) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, v] of samples) lines.push(`${name}${labels} ${v}`);
    };
    metric('process_cpu_seconds_total', 'counter', 'Total user and system CPU time spent in seconds.', [['', (cpu.user + cpu.system) / 1e6]]);
    metric('process_cpu_user_seconds_total', 'counter', 'User CPU time spent in seconds.', [['', cpu.user / 1e6]]);
    metric('process_cpu_system_seconds_total', 'counter', 'System CPU time spent in seconds.', [['', cpu.system / 1e6]]);
    metric('process_resident_memory_bytes', 'gauge', 'Resident memory size in bytes.', [['', mem.rss]]);
    metric('nodejs_heap_used_bytes', 'gauge', 'V8 heap used in bytes.', [['', mem.heapUsed]]);
    metric('nodejs_heap_total_bytes', 'gauge', 'V8 heap total in bytes.', [['', mem.heapTotal]]);
    metric('nodejs_external_memory_bytes', 'gauge', 'Memory of C++ objects bound to JS (buffers) in bytes.', [['', mem.external]]);
    metric('nodejs_eventloop_lag_seconds', 'gauge', 'Mean event-loop delay since the previous scrape.', [['', lagMeanS]]);
    metric('nodejs_eventloop_lag_p99_seconds', 'gauge', 'p99 event-loop delay since the previous scrape.', [['', lagP99S]]);
    metric('nodejs_eventloop_lag_max_seconds', 'gauge', 'Max event-loop delay since the previous scrape.', [['', lagMaxS]]);
    metric('sim_requests_in_flight', 'gauge', 'HTTP requests being handled.', [['', stats.requestsInFlight]]);
    metric('sim_requests_total', 'counter', 'HTTP requests received.', [['', stats.requestsTotal]]);
    const backends = Object.values(pools);
    metric('sim_backend_in_flight', 'gauge', 'Busy workers per backend.', backends.map((p) => [`{backend="${p.name}"}`, p.busy]));
    metric('sim_backend_queue_depth', 'gauge', 'Requests waiting for a worker per backend.', backends.map((p) => [`{backend="${p.name}"}`, p.queued]));
    metric('sim_backend_workers', 'gauge', 'Workers per backend.', backends.map((p) => [`{backend="${p.name}"}`, p.workers]));
    metric('sim_open_streams', 'gauge', 'SSE chat streams open.', [['', stats.openStreams]]);
    metric('sim_streams_completed_total', 'counter', 'SSE chat streams completed.', [['', stats.streamsCompletedTotal]]);
    metric('sim_sessions_held', 'gauge', 'Chat sessions whose state is held in memory (hot).', [['', state.hot.size]]);
    metric('sim_sessions', 'gauge', 'Chat sessions that exist (hot and cold).', [['', state.sessions.size]]);
    metric('sim_session_activations', 'gauge', 'Sessions whose state is in memory.', [['', state.activations.size]]);
    metric('sim_session_bytes', 'gauge', 'Payload bytes held by session activations.', [['', state.sessionBytes]]);
    metric('sim_users', 'gauge', 'Users in the user table.', [['', state.users.length]]);
    metric('sim_users_scanned_total', 'counter', 'Users compared by unindexed email lookups (the seed-report scan fault).', [['', state.usersScanned]]);
    metric('sim_new_user_inits_total', 'counter', "New users initialised by their first authenticated call.", [['', stats.newUserInitsTotal]]);
    metric('sim_fault_cpu_seconds_total', 'counter', 'CPU time the faults asked to burn.', [['', stats.faultCpuMsTotal / 1000]]);
    metric('sim_fault_ttft_seconds_total', 'counter', 'Time to first token added by the chat TTFT fault.', [['', stats.faultTtftMsTotal / 1000]]);
    metric('sim_image_ttft_seconds_total', 'counter', 'Time to first token the images of chats added.', [['', stats.imageTtftMsTotal / 1000]]);
    metric('sim_gateway_timeouts_total', 'counter', 'Requests answered 524 by the simulated gateway.', [['', stats.gatewayTimeoutsTotal]]);
    metric('sim_client_aborts_total', 'counter', 'Requests whose client went away before the end.', [['', stats.clientAbortsTotal]]);
    return `${lines.join('\n')}\n`;
  }

  close(): void {
    this.loop.disable();
  }
}
