import type { GoodputBounds } from '../slo/types.ts';

/** What goodput judges of one measured request. Negative times are absent. */
export interface GoodputSample {
  ok: boolean;
  sse: boolean;
  latencyMs: number;
  ttftMs: number;
  tpotMs: number;
}

/**
 * Whether one measured request met every goodput bound at once: it ended ok, its latency is below
 * `latencyMs`, and (streams) its TTFT below `ttftMs` (no content fails it) and its TPOT below
 * `tpotMs` (a stream with fewer than two content events or two output tokens has no TPOT and passes it). A non-stream request has no
 * TTFT or TPOT to judge.
 */
export function meetsGoodput(b: GoodputBounds, s: GoodputSample): boolean {
  if (!s.ok) return false;
  if (b.latencyMs !== undefined && !(s.latencyMs < b.latencyMs)) return false;
  if (!s.sse) return true;
  if (b.ttftMs !== undefined && !(s.ttftMs >= 0 && s.ttftMs < b.ttftMs)) return false;
  if (b.tpotMs !== undefined && s.tpotMs >= 0 && !(s.tpotMs < b.tpotMs)) return false;
  return true;
}

/** The goodput bounds as a run records them, `minRatio` left to the SLO. */
export function goodputBounds(g: GoodputBounds | undefined): GoodputBounds | undefined {
  if (g === undefined) return undefined;
  const out: GoodputBounds = {};
  if (g.ttftMs !== undefined) out.ttftMs = g.ttftMs;
  if (g.tpotMs !== undefined) out.tpotMs = g.tpotMs;
  if (g.latencyMs !== undefined) out.latencyMs = g.latencyMs;
  return Object.keys(out).length > 0 ? out : undefined;
}
