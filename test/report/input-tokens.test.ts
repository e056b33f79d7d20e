import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.ts';
import { buildSuiteReport } from '../../src/report/suite-report.ts';
import { htmlFixture } from './html-fixture.ts';

const dist = (p50: number, p95: number, max: number, count = 30) => ({ count, min: 1, mean: p50, p50, p90: p95, p95, p99: max, p999: max, max });

describe('report.html: input tokens (ISL) beside output tokens', () => {
  it('a chat run shows its prompts\' and answers\' token lengths; a run without prompts shows none', () => {
    const { runs } = htmlFixture('en', false);
    const chat = runs.find((r) => r.summary.stream !== undefined)!;
    chat.summary.stream = { ...chat.summary.stream!, inputTokens: dist(13, 220, 564), outputTokens: dist(88, 120, 130) };
    const page = renderHtml(buildSuiteReport({ runId: 'r1', runDir: '/r', runs, lang: 'en' }), runs);
    expect(page).toContain('Input tokens (ISL) p50 13, p95 220, max 564 · output tokens p50 88, p95 120');
    const zh = renderHtml(buildSuiteReport({ runId: 'r1', runDir: '/r', runs, lang: 'zh' }), runs);
    expect(zh).toContain('输入 token（ISL）p50 13，p95 220，max 564 · 输出 token p50 88，p95 120');
    chat.summary.stream = { ...chat.summary.stream!, inputTokens: dist(0, 0, 0, 0) };
    expect(renderHtml(buildSuiteReport({ runId: 'r1', runDir: '/r', runs, lang: 'en' }), runs)).not.toContain('Input tokens (ISL)');
  });
});
