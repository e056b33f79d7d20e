import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REMOTE_WRITE_SERIES } from '../../src/export/prometheus-rw.ts';

/** Server series the suite samples by default (src/resources/env.ts, `process` preset). */
const SERVER_SERIES = ['process_cpu_seconds_total', 'process_resident_memory_bytes'];
const PROMQL_WORDS = new Set(['rate', 'sum', 'by', 'job', 'instance', 'run_id', 'endpoint', 'kind', 'quantile', 'scenario', 'phase']);

interface Panel { title: string; targets?: { expr: string }[] }

describe('deploy/grafana/godgpt-perf-run.json', () => {
  const dash = JSON.parse(readFileSync('deploy/grafana/godgpt-perf-run.json', 'utf8')) as { panels: Panel[]; templating: { list: { query: unknown }[] } };

  it('parses, and every query names only series the remote writer writes or the server series the suite reads', () => {
    const exprs = dash.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    expect(exprs.length).toBeGreaterThan(5);
    const names = new Set<string>();
    for (const expr of exprs) {
      const bare = expr.replace(/\{[^}]*\}/g, '').replace(/\[[^\]]*\]/g, '');
      for (const word of bare.match(/[a-z_][a-z0-9_]*/g) ?? []) if (!PROMQL_WORDS.has(word)) names.add(word);
    }
    const known = new Set<string>([...REMOTE_WRITE_SERIES, ...SERVER_SERIES]);
    expect([...names].filter((n) => !known.has(n))).toEqual([]);
    for (const s of ['perf_target_rate_per_second', 'perf_latency_seconds', 'perf_requests_failed_total', 'perf_generator_valid']) expect(names).toContain(s);
    for (const s of SERVER_SERIES) expect(names).toContain(s);
  });
});
