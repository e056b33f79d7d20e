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

  it('has contents with each verdict in words, folds sections, and draws every chart with its legend and units, offline', async () => {
    const { report, runs } = glanceFixture(8);
    const file = join(dir, 'nav.html');
    writeFileSync(file, renderHtml(report, runs));
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const requests: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url());
    });
    await page.goto(`file://${file}`);
    const nav = await page.$$eval('#toc ul.tests a', (as) => as.map((a) => ({ href: a.getAttribute('href'), text: (a as HTMLElement).innerText })));
    expect(nav).toHaveLength(8);
    expect(nav[7]!.text).toMatch(/^FAIL endpoint-07/);
    expect(nav[0]!.text).toMatch(/^PASS endpoint-00/);
    expect(await page.locator('#toc').evaluate((e) => getComputedStyle(e).position)).toBe('sticky');

    await page.waitForSelector('html[data-charts-ready]', { timeout: 20_000 });
    const expected = await page.$$eval('[data-chart]', (els) => els.map((e) => e.id));
    const drawn = await page.evaluate(() => (window as unknown as { __perfCharts: { id: string }[] }).__perfCharts.map((c) => c.id));
    expect([...drawn].sort()).toEqual([...expected].sort());
    const legend = await page.locator('#t7-latency .u-legend').innerText();
    for (const label of ['p50', 'p95', 'p99']) expect(legend).toContain(label);
    expect(await page.locator('.chart:has(#t7-latency) h4').innerText()).toContain('(ms)');

    const summary = page.locator('#test-7 > summary');
    await summary.click();
    expect(await page.locator('#test-7').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await page.locator('#t7-latency').isVisible()).toBe(false);
    await page.click('#results a[href="#test-7"]');
    expect(await page.locator('#test-7').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(requests).toEqual([]);
    await page.close();
  });
});
