import { loadavg } from 'node:os';
import { canPin, type Pinning } from './proc.ts';

/** What every benchmark section gets. */
export interface BenchContext {
  /** Short version for development: fewer, shorter repetitions. */
  quick: boolean;
  /** Repetitions per measurement (the median is reported). */
  runs: number;
  pin: Pinning;
  /** Progress line on stderr. */
  log(msg: string): void;
}

/** Generator on core 0 and targets on core 1 when the machine has 2+ cores and `taskset` works. */
export function defaultPinning(cores: number): Pinning {
  if (cores < 2 || !canPin()) return { generatorCpu: undefined, targetCpu: undefined };
  return { generatorCpu: '0', targetCpu: '1' };
}

export function load1(): number {
  return Math.round(loadavg()[0]! * 100) / 100;
}

/** A markdown table. */
export function table(head: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]): string => `| ${cells.map(String).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** `median (min–max)` with a unit-free number format. */
export function fmtSpread(s: { median: number; min: number; max: number }, digits = 0): string {
  const f = (v: number): string => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');
  return s.min === s.max ? f(s.median) : `${f(s.median)} (${f(s.min)}–${f(s.max)})`;
}
