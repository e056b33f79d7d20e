import type { RunSummary, SloCheck, StepDegradation } from '../result/types.ts';

/** One step of a mixed run as the report shows it: the endpoint's row of the results table. */
export interface MixStepRow {
  /** The step's name: the endpoint it calls. */
  step: string;
  requests: number;
  failed: number;
  /** Requests of the step per second of the judged window. */
  ratePerS: number;
  /** Latency of its ok requests, ms (`undefined`: none succeeded). */
  p50?: number;
  p95?: number;
  p99?: number;
  /** failed / requests. */
  errorRate: number;
  /** Its bounds, as the checks state them (`p95 < 4000 ms`, `errors < 0.01`). */
  bounds: string[];
  /** `pass`/`fail` on its own checks; `not judged` when it has none (too few calls expected, or no bounds). */
  verdict: 'pass' | 'fail' | 'not judged';
  /** The failed checks, `latency.p95 4,120 ms ≥ 4000 ms`. */
  failures: string[];
}

/** One journey of a mixed run. */
export interface MixJourneyRow {
  journey: string;
  share: number;
  started: number;
  completed: number;
  ok: number;
  failed: number;
  /** Duration of the ok journeys, ms. */
  durationP50?: number;
  durationP95?: number;
}

/** What report.md and report.html show of a run of journeys: steps, journeys, and the step that degraded first. */
export interface MixReport {
  steps: MixStepRow[];
  journeys: MixJourneyRow[];
  /** Steps in the order they degraded (the first degraded first); empty when none did. */
  degradations: StepDegradation[];
}

const SEP = ' › ';

function stepOf(c: SloCheck): { step: string; check: string } | undefined {
  const i = c.name.indexOf(SEP);
  return i < 0 ? undefined : { step: c.name.slice(0, i), check: c.name.slice(i + SEP.length) };
}

/** The mixed-run view of a summary, or `undefined` for a run that is not one (no journeys, no step bounds). */
export function mixReport(s: RunSummary): MixReport | undefined {
  if (s.journeys === undefined && s.degradations === undefined) return undefined;
  const windowS = Math.max(0, s.window.toS - s.window.fromS);
  const checks = new Map<string, { check: string; c: SloCheck }[]>();
  for (const c of s.slo?.checks ?? []) {
    const at = stepOf(c);
    if (at) checks.set(at.step, [...(checks.get(at.step) ?? []), { check: at.check, c }]);
  }
  const steps: MixStepRow[] = Object.entries(s.steps).map(([step, st]) => {
    const own = checks.get(step) ?? [];
    const ok = st.latencyMs.count > 0;
    return {
      step,
      requests: st.count,
      failed: st.failed,
      ratePerS: windowS > 0 ? Math.round((st.count / windowS) * 100) / 100 : 0,
      ...(ok ? { p50: st.latencyMs.p50, p95: st.latencyMs.p95, p99: st.latencyMs.p99 } : {}),
      errorRate: st.count > 0 ? st.failed / st.count : 0,
      bounds: own.map(({ check, c }) => `${check} ${c.bound}`),
      verdict: own.length === 0 ? 'not judged' : own.every(({ c }) => c.passed) ? 'pass' : 'fail',
      failures: own.filter(({ c }) => !c.passed).map(({ check, c }) => `${check} ${c.reason ?? `${Math.round(c.actual * 1000) / 1000} (${c.bound})`}`),
    };
  });
  for (const [step, own] of checks) {
    if (s.steps[step] !== undefined) continue;
    steps.push({ step, requests: 0, failed: 0, ratePerS: 0, errorRate: 0, bounds: own.map(({ check, c }) => `${check} ${c.bound}`), verdict: 'fail', failures: own.map(({ check, c }) => `${check} ${c.reason ?? 'not measured'}`) });
  }
  const journeys: MixJourneyRow[] = Object.entries(s.journeys ?? {}).map(([journey, j]) => ({
    journey,
    share: j.share,
    started: j.started,
    completed: j.completed,
    ok: j.ok,
    failed: j.failed,
    ...(j.durationMs.count > 0 ? { durationP50: j.durationMs.p50, durationP95: j.durationMs.p95 } : {}),
  }));
  return { steps, journeys, degradations: [...(s.degradations ?? [])] };
}
