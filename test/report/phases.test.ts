import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import type { StoredRun } from '../../src/result/store.ts';
import { buildSuiteReport } from '../../src/report/suite-report.ts';
import { renderTerminalTable } from '../../src/report/terminal.ts';
import { phaseOf } from '../../helpers/endpoint.ts';
import { CHAT } from '../../perf/endpoints/chat.ts';
import { GUEST_CHAT } from '../../perf/endpoints/guest-chat.ts';
import { synthMeta, synthSummary } from './fixtures.ts';

const run = (scenario: string, phase: string | undefined): StoredRun => ({
  meta: synthMeta({ endpoint: 'chat', route: 'POST /api/gotgpt/chat', scenario, ...(phase ? { phase } : {}) }),
  summary: synthSummary(),
  file: `/r/runs/chat--${phase ?? 'x'}.json`,
});

describe('old and new users as separate rows', () => {
  it('report.md, report.html and the console table name each phase: chat · old users, chat · new users', () => {
    const runs = [run('a logged-in user creates a session, then chats in it', 'old users'), run('a new user logs in for the first time, creates their first session, then chats', 'new users')];
    const report = buildSuiteReport({ runId: 'r1', runDir: '/r', lang: 'en', runs });
    expect(report.tests.map((t) => t.phase)).toEqual(['old users', 'new users']);
    const md = renderMarkdown(report);
    expect(md).toContain('| chat · old users (POST /api/gotgpt/chat) |');
    expect(md).toContain('| chat · new users (POST /api/gotgpt/chat) |');
    const html = renderHtml(report, runs);
    expect(html).toContain('<td><a href="#test-0">chat · old users (POST /api/gotgpt/chat)</a></td>');
    expect(html).toContain('<td><a href="#test-1">chat · new users (POST /api/gotgpt/chat)</a></td>');
    expect(html).toContain('<td><a href="#test-1">chat · new users</a></td>');
    const table = renderTerminalTable(report);
    expect(table.filter((l) => l.startsWith('chat · old users'))).toHaveLength(1);
    expect(table.filter((l) => l.startsWith('chat · new users'))).toHaveLength(1);
  });

  it('an endpoint with an old-user and a new-user scenario runs in phases; one with a single scenario does not', () => {
    expect(CHAT.scenarios.map((s) => phaseOf(CHAT, s))).toEqual(['old users', 'new users']);
    expect(GUEST_CHAT.scenarios.map((s) => phaseOf(GUEST_CHAT, s))).toEqual([undefined]);
  });
});
