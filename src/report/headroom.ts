import { checkUnit } from '../slo/format.ts';
import { fmtMs, fmtNumber, fmtPct } from './format.ts';
import { rowLabel, type SuiteReport } from './suite-report.ts';

/** Checks with a numeric bound that is no headroom: the generator's health and "at least one ok request". */
const NOT_HEADROOM = new Set(['generator', 'okRequests', 'run']);

/** One bounded check of one test: how much of its bound the measured value used. */
export interface HeadroomBar {
  /** Index of the test in `SuiteReport.tests`. */
  test: number;
  endpoint: string;
  scenario: string;
  /** `latency.p95`, `errorRate`, ... as in the SLO check. */
  check: string;
  /** The check's bound as summary.json has it (`< 300 ms`). */
  bound: string;
  limit: number;
  /** `below`: measured must stay under the bound; `atLeast`: measured must reach it. */
  direction: 'below' | 'atLeast';
  /** Measured value; null when nothing was measured. */
  actual: number | null;
  /**
   * Measured ÷ bound (`below`), bound ÷ measured (`atLeast`): 0.12 = 12% of the bound used, 1 or
   * more = at or past it. Null when nothing was measured; Infinity for an `atLeast` bound measured 0.
   */
  usage: number | null;
  passed: boolean;
  reason?: string;
}

/** `< 300 ms`, `<= 80`, `>= 0.95 (within …)` → the comparison and its number; undefined for `valid` and the like. */
export function parseBound(bound: string): { direction: 'below' | 'atLeast'; limit: number } | undefined {
  const m = /^\s*(<=?|>=?)\s*(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)/i.exec(bound);
  if (!m) return undefined;
  const limit = Number(m[2]);
  if (!Number.isFinite(limit)) return undefined;
  return { direction: m[1]!.startsWith('<') ? 'below' : 'atLeast', limit };
}

function usageOf(direction: 'below' | 'atLeast', limit: number, actual: number): number | null {
  if (direction === 'below') return limit > 0 ? actual / limit : actual > 0 ? Infinity : null;
  return actual > 0 ? limit / actual : limit > 0 ? Infinity : null;
}

/** Every bounded check of every test, in the report's order (what the headroom chart draws). */
export function headroomBars(report: SuiteReport): HeadroomBar[] {
  return report.tests.flatMap((t, test) =>
    (t.slo?.checks ?? []).flatMap((c): HeadroomBar[] => {
      if (NOT_HEADROOM.has(c.name)) return [];
      const b = parseBound(c.bound);
      if (!b) return [];
      const actual = typeof c.actual === 'number' && Number.isFinite(c.actual) ? c.actual : null;
      return [
        {
          test,
          endpoint: rowLabel(t),
          scenario: t.scenario,
          check: c.name,
          bound: c.bound,
          limit: b.limit,
          direction: b.direction,
          actual,
          usage: actual === null ? null : usageOf(b.direction, b.limit, actual),
          passed: c.passed,
          ...(c.reason ? { reason: c.reason } : {}),
        },
      ];
    }),
  );
}

function inUnit(check: string, v: number): string {
  const unit = checkUnit(check);
  if (unit === 'ms') return fmtMs(v);
  if (unit === 'share') return fmtPct(v);
  if (unit === 'percent') return `${fmtNumber(v)}%`;
  return fmtNumber(v);
}

/** The share of the bound used: `12%`, `143%`, `∞`, or `not measured`. */
export function fmtUsage(bar: Pick<HeadroomBar, 'usage'>): string {
  if (bar.usage === null) return 'not measured';
  if (!Number.isFinite(bar.usage)) return '∞';
  return `${Math.round(bar.usage * 100)}%`;
}

/** `latency.p95 35.9 ms of < 300 ms: 12%` (bound in the measured value's unit). */
export function headroomText(bar: HeadroomBar): string {
  const op = bar.direction === 'below' ? (bar.bound.trim().startsWith('<=') ? '<=' : '<') : '>=';
  const bound = `${op} ${inUnit(bar.check, bar.limit)}`;
  if (bar.actual === null) return `${bar.check} ${bound}: not measured${bar.reason ? ` (${bar.reason})` : ''}`;
  return `${bar.check} ${inUnit(bar.check, bar.actual)} of ${bound}: ${fmtUsage(bar)}`;
}
