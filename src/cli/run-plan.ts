import { ALLOW_HOSTS_VAR, assertTargetAllowed, parseAllowHosts } from '../http/target-guard.ts';
import type { LoadPlan } from '../load/plan.ts';
import { redact } from '../report/redact.ts';
import type { RunCommandOptions } from './run-options.ts';

/**
 * Refuses a `--url` outside loopback unless its host is given with `--allow-host` or listed in
 * `PERF_ALLOW_HOSTS` (environment or `.env`). Throws `ConfigError` saying how to allow it.
 */
export function checkRunTarget(o: RunCommandOptions, env: NodeJS.ProcessEnv): void {
  const allowHosts = [...o.allowHosts, ...parseAllowHosts(env[ALLOW_HOSTS_VAR])];
  assertTargetAllowed(o.url, { allowHosts, source: '--url', flag: '--allow-host' });
}

const count = (n: number): string => Math.round(n).toLocaleString('en-US');
const rate = (n: number): string => `${Number(n.toFixed(3))}/s`;
const secs = (n: number): string => `${Number(n.toFixed(3))} s`;
const range = (lo: number, hi: number): string => (hi > lo ? `${count(lo)}–${count(hi)}` : count(lo));

/** The target, safe to print: credentials masked (they are sent as Basic auth), secrets in the path redacted. */
export function describeTarget(url: URL): string {
  const u = new URL(url.href);
  const credentials = u.username !== '' || u.password !== '';
  u.username = '';
  u.password = '';
  return `${redact(u.href)}${credentials ? ' (URL credentials sent as HTTP Basic auth, not shown)' : ''}`;
}

/**
 * The planned load in one line, printed before the first request: target, warm-up (unrecorded
 * but real load on the target), each stage, and the total requests including the warm-up.
 */
export function describePlan(o: RunCommandOptions, plan: LoadPlan): string {
  const parts: string[] = [];
  const w = plan.warmup;
  if (w.durationS > 0) {
    const lasts = w.maxDurationS > w.durationS ? `${Number(w.durationS.toFixed(3))}–${secs(w.maxDurationS)}` : secs(w.durationS);
    const sends = range(w.iterations ?? 0, w.maxIterations ?? 0);
    parts.push(`warm-up ${lasts} ramping to ${rate(w.ratePerS)} until the generator settles (${sends} requests, not recorded)`);
  } else parts.push('no warm-up');
  for (const s of plan.stages) {
    parts.push(
      s.fromRate === s.toRate
        ? `${rate(s.toRate)} for ${secs(s.durationS)} (${count(s.iterations)} requests)`
        : `ramp ${rate(s.fromRate)} → ${rate(s.toRate)} over ${secs(s.durationS)} (${count(s.iterations)} requests)`,
    );
  }
  const lasts = plan.maxDurationS > plan.durationS ? `${Number(plan.durationS.toFixed(3))}–${secs(plan.maxDurationS)}` : secs(plan.durationS);
  const total = plan.totalIterations === undefined ? '' : `: ${range(plan.totalIterations, plan.maxTotalIterations ?? plan.totalIterations)} requests in ${lasts}`;
  return `plan: ${o.method} ${describeTarget(o.url)}, ${parts.join(', then ')}${total}`;
}

/** One line describing the run, safe to print: secret header values (redact's one rule) and URL credentials are masked, the body is not shown. */
export function describeRun(o: RunCommandOptions): string {
  const headerText = Object.entries(o.headers)
    .map(([k, v]) => redact(`${k}: ${v}`))
    .join(', ');
  const parts = [
    `${o.method} ${describeTarget(o.url)}${o.name === `${o.method} ${o.url.pathname}` ? '' : ` (${o.name})`}`,
    `rate ${o.ratePerS}/s`,
    o.rampS > 0 ? `ramp ${o.rampS} s then hold ${o.durationS} s` : `for ${o.durationS} s`,
    `timeout ${o.timeoutS} s`,
  ];
  if (o.sse) parts.push('SSE');
  if (headerText) parts.push(`headers {${headerText}}`);
  if (o.body !== undefined) parts.push(`body ${Buffer.byteLength(o.body)} bytes`);
  if (o.sloText) parts.push(`SLO ${redact(o.sloText)}`);
  return parts.join(', ');
}
