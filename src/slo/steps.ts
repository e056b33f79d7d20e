import { fmtNumber } from '../report/format.ts';
import type { SloCheck, SloResult, StepSummary } from '../result/types.ts';
import { distributionChecks } from './evaluate.ts';
import type { StepSlo } from './types.ts';

export type { StepSlo } from './types.ts';


/**
 * The checks of each step's bounds, named `<step> › latency.p95`, `<step> › errorRate` (no colon: a `name: value` would read as a secret to the redactor). A step with
 * no request in the judged window fails each of its checks as not measured, never passes them.
 */
export function stepChecks(steps: Readonly<Record<string, StepSummary>>, stepSlo: Readonly<Record<string, StepSlo>>): SloCheck[] {
  const checks: SloCheck[] = [];
  for (const [name, slo] of Object.entries(stepSlo)) {
    const step = steps[name];
    const missing = step === undefined || step.count === 0 ? 'no request of this step in the judged window' : step.ok === 0 ? 'no request of this step succeeded' : undefined;
    for (const c of distributionChecks('latency', slo.latencyMs, step?.latencyMs, missing)) checks.push({ ...c, name: `${name} › ${c.name}` });
    if (slo.errorRate === undefined) continue;
    const bound = `< ${fmtNumber(slo.errorRate)}`;
    if (step === undefined || step.count === 0) {
      checks.push({ name: `${name} › errorRate`, bound, actual: NaN, passed: false, reason: 'no request of this step in the judged window' });
      continue;
    }
    const rate = step.failed / step.count;
    checks.push({ name: `${name} › errorRate`, bound, actual: rate, passed: rate < slo.errorRate });
  }
  return checks;
}

/** `result` with the step checks added (a run without an SLO of its own gets one made of them). */
export function withStepChecks(result: SloResult | null, checks: readonly SloCheck[]): SloResult | null {
  if (checks.length === 0) return result;
  const all = [...(result?.checks ?? []), ...checks];
  return { passed: (result?.passed ?? true) && checks.every((c) => c.passed), checks: all };
}
