import { fmtNumber } from '../report/format.ts';
import type { SloCheck, SloResult } from '../result/types.ts';

/** What a check's `actual` measures: milliseconds (`latency.p95`, `ttft.p99`, `tpot.p95`), a 0-1 share (`errorRate`, `goodput`...), percent points (`resources.cpuPercent`), or a plain number. */
export function checkUnit(checkName: string): 'ms' | 'share' | 'percent' | 'number' {
  // A step's check (`chat › latency.p95`) has the unit of the check it names.
  const at = checkName.lastIndexOf(' › ');
  const name = at < 0 ? checkName : checkName.slice(at + ' › '.length);
  if (/^(latency|ttft|tpot)\./.test(name)) return 'ms';
  if (name === 'errorRate' || name === 'rateRatio' || name === 'streamCompletion' || name === 'goodput') return 'share';
  if (/^resources\..*percent$/i.test(name)) return 'percent';
  return 'number';
}

function unitOf(check: SloCheck): string {
  const unit = checkUnit(check.name);
  return unit === 'ms' ? ' ms' : unit === 'percent' ? '%' : '';
}

/** Checks whose reason reads as a sentence on its own ("generator overloaded: ...", "run aborted"). */
const SELF_DESCRIBED = new Set(['generator', 'run', 'okRequests']);

/**
 * One line per check, e.g. `guest-chat: latency.p95 = 912.4 ms, expected < 500 ms`,
 * `guest-chat: latency.p99 insufficient samples (42 < 100)`, `guest-chat: generator overloaded: ...`.
 */
export function formatSloCheck(check: SloCheck, name?: string): string {
  const prefix = name ? `${name}: ` : '';
  if (check.reason) {
    return SELF_DESCRIBED.has(check.name) ? `${prefix}${check.reason}` : `${prefix}${check.name} ${check.reason}`;
  }
  if (check.name === 'generator' && check.passed) return `${prefix}generator ok (p99 dispatch lag ${fmtNumber(check.actual)} ms)`;
  const value = `${check.name} = ${fmtNumber(check.actual)}${unitOf(check)}`;
  return check.passed ? `${prefix}${value} (${check.bound})` : `${prefix}${value}, expected ${check.bound}`;
}

export interface FormatSloOptions {
  /** Only list failed checks. @default false */
  onlyFailed?: boolean;
  /** Prefix each line with a pass/fail mark (`PASS `/`FAIL `). @default false */
  marks?: boolean;
}

/** Formats an SLO result as lines for reporters and matcher messages. */
export function formatSloResult(result: SloResult, name?: string, options: FormatSloOptions = {}): string[] {
  const checks = options.onlyFailed ? result.checks.filter((c) => !c.passed) : result.checks;
  return checks.map((c) => `${options.marks ? (c.passed ? 'PASS ' : 'FAIL ') : ''}${formatSloCheck(c, name)}`);
}
