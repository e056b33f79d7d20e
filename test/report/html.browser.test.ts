import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.ts';
import { htmlFixture } from './html-fixture.ts';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`html.browser.test: skipped, ${CHROMIUM} is missing (install it: apt-get update && apt-get install -y chromium)`);
}

if (!hasChromium) it.skip(`report.html browser test skipped: ${CHROMIUM} is missing (apt-get update && apt-get install -y chromium)`, () => {});

describe.skipIf(!hasChromium)('report.html in headless Chromium', () => {
  let browser: Browser;
  let dir: string;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    dir = mkdtempSync(join(tmpdir(), 'perf-html-'));
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads offline without console errors and every chart has data and pixels', async () => {
    const { report, runs } = htmlFixture();
    const file = join(dir, 'report.html');
    writeFileSync(file, renderHtml(report, runs));
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url());
    });
    await page.goto(`file://${file}`);
    await page.waitForSelector('html[data-charts-ready]', { timeout: 10_000 });

    const charts = await page.evaluate(() => (window as unknown as { __perfCharts: { id: string; points: number; series: number; nonNull: number }[] }).__perfCharts);
    const expected = await page.$$eval('[data-chart]', (els) => els.map((e) => e.id));
    expect(expected.length).toBe(10);
    expect(charts.map((c) => c.id).sort()).toEqual([...expected].sort());
    for (const c of charts) {
      expect(c.points, c.id).toBeGreaterThan(1);
      expect(c.nonNull, c.id).toBeGreaterThan(1);
    }
    const painted = await page.$$eval('[data-chart] canvas', (canvases) =>
      canvases.map((cv) => {
        const c = cv as HTMLCanvasElement;
        const ctx = c.getContext('2d')!;
        const px = ctx.getImageData(0, 0, c.width, c.height).data;
        const colors = new Set<number>();
        let drawn = 0;
        for (let i = 0; i < px.length; i += 4) {
          if (px[i + 3]! > 0) {
            drawn++;
            colors.add((px[i]! << 16) | (px[i + 1]! << 8) | px[i + 2]!);
          }
        }
        return { drawn, colors: colors.size };
      }),
    );
    expect(painted).toHaveLength(expected.length);
    for (const p of painted) {
      expect(p.drawn).toBeGreaterThan(500);
      expect(p.colors).toBeGreaterThan(3);
    }
    expect(await page.evaluate(() => (window as unknown as { __perfChartErrors: string[] }).__perfChartErrors)).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __xss?: boolean }).__xss)).toBeUndefined();
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);

    await page.close();
  });

  it('renders a clean report for the screenshot (docs/report-screenshot.png with UPDATE_SCREENSHOT=1)', async () => {
    const { report, runs } = htmlFixture('en', false);
    const file = join(dir, 'clean.html');
    writeFileSync(file, renderHtml(report, runs));
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`file://${file}`);
    await page.waitForSelector('html[data-charts-ready]', { timeout: 10_000 });
    expect(problems).toEqual([]);
    const shot = process.env.UPDATE_SCREENSHOT === '1' ? resolve('docs/report-screenshot.png') : join(dir, 'shot.png');
    mkdirSync(join(shot, '..'), { recursive: true });
    await page.screenshot({ path: shot, fullPage: true });
    expect(existsSync(shot)).toBe(true);
    await page.close();
  });
});
