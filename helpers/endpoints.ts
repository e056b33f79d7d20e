import type { Slo } from '../src/slo/types.ts';

/** Who calls an endpoint: an anonymous guest, a pooled (logged-in) user, or a user logging in. */
export type Caller = 'guest' | 'user' | 'new-user';

/** One row of the endpoint table: the single source of targets and SLOs for perf files and the CLI. */
export interface EndpointDef {
  /** Stable id, the perf file's base name (`guest-chat` for perf/guest-chat.perf.ts). */
  id: string;
  /** `METHOD /path` as in the API reference (what the perf file's `describe` is named). */
  route: string;
  /** The report's maximum stable rate, before `PERF_RATE_SCALE` and overrides. */
  targetRps: number;
  slo: Slo;
  sse: boolean;
  caller: Caller;
  /** Connections per origin the run opens (a stream holds one for its whole life). */
  connections: number;
  timeoutMs: number;
  /**
   * Memory must come back after the load (sessions freed): the run is followed by a sampled
   * cool-down and `summary.extra.leak` holds the verdict. @default false
   */
  leakCheck?: boolean;
}

/** The report's criterion: target CPU at most 80% of a core (max of the judged window's 1 s samples). */
const RESOURCES = { resources: { cpuPercent: 80 } } as const;
const JSON_ERRORS = { errorRate: 0.01, minRateRatio: 0.95, ...RESOURCES } as const;
const STREAM = { errorRate: 0.01, minRateRatio: 0.95, minStreamCompletion: 0.99, ...RESOURCES } as const;

/** Bounds and their reasoning are documented in perf/README.md; keep both in step. */
export const ENDPOINTS = [
  {
    id: 'guest-create-session', route: 'POST /api/godgpt/guest/create-session', targetRps: 100, sse: false, caller: 'guest',
    slo: { ...JSON_ERRORS, latencyMs: { p95: 500, p99: 1000 } }, connections: 64, timeoutMs: 30_000,
  },
  {
    id: 'guest-chat', route: 'POST /api/godgpt/guest/chat', targetRps: 100, sse: true, caller: 'guest',
    slo: { ...STREAM, latencyMs: { p95: 4000, p99: 6000 }, ttftMs: { p95: 1000, p99: 2000 } }, connections: 512, timeoutMs: 120_000,
  },
  {
    id: 'create-session', route: 'POST /api/godgpt/create-session', targetRps: 100, sse: false, caller: 'user',
    slo: { ...JSON_ERRORS, latencyMs: { p95: 500, p99: 1000 } }, connections: 64, timeoutMs: 30_000, leakCheck: true,
  },
  {
    id: 'chat', route: 'POST /api/gotgpt/chat', targetRps: 100, sse: true, caller: 'user',
    slo: { ...STREAM, latencyMs: { p95: 4000, p99: 6000 }, ttftMs: { p95: 1000, p99: 2000 } }, connections: 512, timeoutMs: 120_000, leakCheck: true,
  },
  {
    id: 'voice-chat', route: 'POST /api/godgpt/voice/chat', targetRps: 70, sse: true, caller: 'user',
    slo: { ...STREAM, latencyMs: { p95: 6000, p99: 9000 }, ttftMs: { p95: 2000, p99: 3000 } }, connections: 512, timeoutMs: 120_000,
  },
  {
    id: 'connect-token', route: 'POST /connect/token', targetRps: 80, sse: false, caller: 'new-user',
    slo: { ...JSON_ERRORS, latencyMs: { p95: 800, p99: 1500 } }, connections: 64, timeoutMs: 30_000,
  },
  {
    id: 'session-info', route: 'GET /api/godgpt/session-info/{sessionId}', targetRps: 150, sse: false, caller: 'user',
    slo: { ...JSON_ERRORS, latencyMs: { p95: 300, p99: 600 } }, connections: 64, timeoutMs: 10_000,
  },
  {
    id: 'session-list', route: 'GET /api/godgpt/session-list', targetRps: 250, sse: false, caller: 'user',
    slo: { ...JSON_ERRORS, latencyMs: { p95: 300, p99: 600 } }, connections: 64, timeoutMs: 10_000,
  },
  {
    id: 'account', route: 'GET /api/godgpt/account', targetRps: 200, sse: false, caller: 'user',
    slo: { ...JSON_ERRORS, latencyMs: { p95: 300, p99: 600 } }, connections: 64, timeoutMs: 10_000,
  },
  {
    id: 'account-update', route: 'PUT /api/godgpt/account', targetRps: 10, sse: false, caller: 'user',
    slo: { ...JSON_ERRORS, latencyMs: { p95: 500, p99: 1000 } }, connections: 16, timeoutMs: 10_000,
  },
  {
    id: 'account-show-toast', route: 'POST /api/godgpt/account/show-toast', targetRps: 70, sse: false, caller: 'user',
    slo: { ...JSON_ERRORS, latencyMs: { p95: 300, p99: 600 } }, connections: 32, timeoutMs: 10_000,
  },
  {
    id: 'invitation-redeem', route: 'POST /api/godgpt/invitation/redeem', targetRps: 70, sse: false, caller: 'user',
    slo: { ...JSON_ERRORS, latencyMs: { p95: 500, p99: 1000 } }, connections: 32, timeoutMs: 10_000,
  },
  {
    id: 'user-info', route: 'GET /api/profile/user-info', targetRps: 250, sse: false, caller: 'user',
    slo: { ...JSON_ERRORS, latencyMs: { p95: 300, p99: 600 } }, connections: 64, timeoutMs: 10_000,
  },
  {
    id: 'user-id', route: 'GET /api/query/user-id', targetRps: 700, sse: false, caller: 'user',
    slo: { ...JSON_ERRORS, latencyMs: { p95: 200, p99: 500 } }, connections: 128, timeoutMs: 10_000,
  },
  {
    id: 'payment-list', route: 'GET /api/godgpt/payment/list', targetRps: 450, sse: false, caller: 'user',
    slo: { ...JSON_ERRORS, latencyMs: { p95: 300, p99: 600 } }, connections: 96, timeoutMs: 10_000,
  },
  {
    id: 'has-apple-subscription', route: 'GET /api/godgpt/payment/has-apple-subscription', targetRps: 300, sse: false, caller: 'user',
    slo: { ...JSON_ERRORS, latencyMs: { p95: 300, p99: 600 } }, connections: 64, timeoutMs: 10_000,
  },
  {
    id: 'blob-upload', route: 'POST /api/godgpt/blob', targetRps: 20, sse: false, caller: 'user',
    slo: { ...JSON_ERRORS, latencyMs: { p95: 1500, p99: 3000 } }, connections: 32, timeoutMs: 30_000,
  },
] as const satisfies readonly EndpointDef[];

export type EndpointId = (typeof ENDPOINTS)[number]['id'];
export const ENDPOINT_IDS: readonly EndpointId[] = ENDPOINTS.map((e) => e.id);

/** The env suffix of an endpoint id: `guest-chat` → `GUEST_CHAT` (for `PERF_RATE_GUEST_CHAT`, `PERF_SLO_GUEST_CHAT`). */
export function envSuffix(id: string): string {
  return id.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

/** The table row of `id`, unresolved (no scale, no overrides). */
export function endpointDef(id: string): EndpointDef {
  const def = (ENDPOINTS as readonly EndpointDef[]).find((e) => e.id === id);
  if (!def) throw new Error(`unknown endpoint "${id}"; known: ${ENDPOINT_IDS.join(', ')}`);
  return def;
}
