// Time to first paint of a 60-scenario report.html in headless Chromium (docs/REPORTS.md).
// Run: pnpm exec tsx bench/report-paint.ts [--scenarios 60] [--runs 5] [--keep]
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { saveRunSummary, writeSuiteReports } from '../src/index.ts';
import { load1 } from './lib/context.ts';
import { benchRun } from './lib/report-runs.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Page-side: the first contentful paint (waited for, buffered) and the end of the load event, in ms. */
const PAINT_TIMES = `new Promise((resolve) => {
  const load = performance.getEntriesByType('navigation')[0].loadEventEnd;
  new PerformanceObserver((list) => {
    const e = list.getEntriesByName('first-contentful-paint')[0];
    if (e) resolve({ fcp: e.startTime, load });
  }).observe({ type: 'paint', buffered: true });
  setTimeout(() => resolve({ fcp: NaN, load }), 10000);
})`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { scenarios: { type: 'string', default: '60' }, runs: { type: 'string', default: '5' }, keep: { type: 'boolean', default: false } } });
  const scenarios = Number(values.scenarios);
  const runs = Number(values.runs);
  if (!Number.isInteger(scenarios) || scenarios < 1 || !Number.isInteger(runs) || runs < 1) {
    process.stderr.write('--scenarios and --runs take a positive whole number\n');
    return 2;
  }
  if (!existsSync(CHROMIUM)) {
    process.stderr.write(`${CHROMIUM} is missing (apt-get install -y chromium, or set CHROMIUM_PATH)\n`);
    return 2;
  }
  const dir = mkdtempSync(join(tmpdir(), 'perf-paint-'));
  for (let i = 0; i < scenarios; i++) {
    const { meta, summary } = benchRun(i);
    saveRunSummary(summary, meta, dir);
  }
  const written = writeSuiteReports({ dir, lang: 'en', junitPath: '', stepSummaryPath: '', startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T02:10:00.000Z' });
  if (written.failures.length) throw new Error(written.failures.join('; '));
  const file = join(dir, 'report.html');
  const profile = mkdtempSync(join(tmpdir(), 'perf-paint-profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, viewport: { width: 1400, height: 1000 } });
  const fcp: number[] = [];
  const load: number[] = [];
  const before = load1();
  try {
    for (let r = 0; r < runs; r++) {
      const page = await context.newPage();
      await page.goto(`file://${file}`, { waitUntil: 'load', timeout: 120_000 });
      const t = (await page.evaluate(PAINT_TIMES)) as { fcp: number; load: number };
      fcp.push(t.fcp);
      load.push(t.load);
      await page.close();
    }
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
  const round = (v: number) => Math.round(v);
  process.stdout.write(
    `report.html of ${scenarios} scenarios (${(statSync(file).size / 1048576).toFixed(1)} MB), Chromium 1400x1000, ${runs} loads, load1 ${before} → ${load1()}\n` +
      `first contentful paint: median ${round(median(fcp))} ms (${fcp.map(round).join(', ')})\n` +
      `load event end:         median ${round(median(load))} ms (${load.map(round).join(', ')})\n`,
  );
  if (values.keep) process.stdout.write(`kept ${file}\n`);
  else rmSync(dir, { recursive: true, force: true });
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`report-paint: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
