import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.ts';
import { glanceFixture } from './html-fixture.ts';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);

if (!hasChromium) it.skip(`report.html at-a-glance browser test skipped: ${CHROMIUM} is missing (apt-get update && apt-get install -y chromium)`, () => {});

interface Check {
  name: string;
  bound: string;
  actual: number | null;
  passed: boolean;
}

/** What summary.json says each bounded check used of its bound: measured ÷ bound (bound ÷ measured for an "at least" bound). */
function expectedUsage(summary: { tests: { endpoint: string; slo?: { checks: Check[] } | null }[] }) {
  return summary.tests.flatMap((t) =>
    (t.slo?.checks ?? []).flatMap((c) => {
      const m = /^(<|>=)\s*([\d.]+)/.exec(c.bound);
      if (!m || c.name === 'generator' || c.name === 'okRequests' || c.actual === null) return [];
      const limit = Number(m[2]);
      return [{ endpoint: t.endpoint, check: c.name, usage: m[1] === '<' ? c.actual / limit : limit / c.actual, passed: c.passed }];
    }),
  );
}

describe.skipIf(!hasChromium)('report.html at a glance, in headless Chromium at 1400×1000', () => {
  let browser: Browser;
  let dir: string;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    dir = mkdtempSync(join(tmpdir(), 'perf-glance-'));
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the failed check in the first screen, a headroom bar per bounded metric as summary.json has it, and results rows that link to their sections', async () => {
    const { report, runs } = glanceFixture(20);
    const summary = JSON.parse(JSON.stringify(report)) as Parameters<typeof expectedUsage>[0];
    const file = join(dir, 'report.html');
    writeFileSync(file, renderHtml(report, runs));
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`file://${file}`);

    const failed = page.locator('[data-failed-check]');
    expect(await failed.count()).toBe(1);
    const box = (await failed.first().boundingBox())!;
    expect(box).not.toBeNull();
    expect(box.y + box.height).toBeLessThanOrEqual(1000);
    const text = await failed.first().innerText();
    for (const part of ['endpoint-19', 'latency.p95', '< 200 ms', '350 ms']) expect(text).toContain(part);

    const expected = expectedUsage(summary);
    expect(expected.length).toBe(20 * 2 + 7 * 2);
    const bars = await page.$$eval('#headroom [data-usage]', (els) =>
      els.map((e) => ({ endpoint: e.getAttribute('data-endpoint'), check: e.getAttribute('data-check'), usage: Number(e.getAttribute('data-usage')), failed: e.getAttribute('data-failed') === 'true', text: (e as HTMLElement).innerText })),
    );
    expect(bars.length).toBe(expected.length);
    bars.forEach((b, i) => {
      expect(b.endpoint).toBe(expected[i]!.endpoint);
      expect(b.check).toBe(expected[i]!.check);
      expect(b.usage).toBeCloseTo(expected[i]!.usage, 6);
      expect(b.failed).toBe(!expected[i]!.passed);
      expect(b.text).toContain(`${Math.round(expected[i]!.usage * 100)}%`);
    });
    expect(bars.find((b) => b.failed)!.text).toMatch(/FAIL/);

    const rows = await page.$$eval('#results tbody tr[data-test]', (trs) =>
      trs.map((tr) => {
        const a = tr.querySelector('a[href^="#"]');
        const id = a?.getAttribute('href')?.slice(1) ?? '';
        const target = id ? document.getElementById(id) : null;
        return { scenario: tr.children[1]?.textContent ?? '', href: id, target: target?.textContent ?? null };
      }),
    );
    expect(rows.length).toBe(20);
    for (const r of rows) {
      expect(r.href).not.toBe('');
      expect(r.target, r.href).not.toBeNull();
      expect(r.target).toContain(r.scenario);
    }
    expect(problems).toEqual([]);
    await page.close();
  });
});
