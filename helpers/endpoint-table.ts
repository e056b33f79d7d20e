import type { GoodputBounds, LatencyBounds } from '../src/index.ts';
import type { EndpointDef } from './endpoint.ts';

/** Markers around the generated table in perf/README.md (`pnpm perf:readme` rewrites what is between them). */
export const TABLE_BEGIN = '<!-- endpoint table: generated from perf/endpoints/*.ts by `pnpm perf:readme`; do not edit -->';
export const TABLE_END = '<!-- end of endpoint table -->';

function pair(b: LatencyBounds | undefined): string {
  return b?.p95 !== undefined || b?.p99 !== undefined ? `${b?.p95 ?? ''} / ${b?.p99 ?? ''}` : '';
}

/** `≥ 90%: ttft<1000, tpot<200, latency<4000` */
function goodputCell(g: GoodputBounds | undefined): string {
  if (g === undefined) return '';
  const bounds = [g.ttftMs !== undefined ? `ttft<${g.ttftMs}` : '', g.tpotMs !== undefined ? `tpot<${g.tpotMs}` : '', g.latencyMs !== undefined ? `latency<${g.latencyMs}` : ''].filter((b) => b !== '');
  return `${g.minRatio !== undefined ? `≥ ${Math.round(g.minRatio * 100)}%: ` : ''}${bounds.join(', ')}`;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** The endpoint table (markdown lines): priority, effects outside the API, targets, bounds, connections, leak check and each endpoint's own reasons. */
export function endpointTable(defs: readonly EndpointDef[]): string[] {
  const lines = [
    '| id | route | priority | effects | target/s | p95 / p99 (ms) | TTFT p95 / p99 (ms) | TPOT p95 (ms) | goodput | users | connections | timeout (s) | leak check | why these bounds |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const d of defs) {
    const own = Object.values(d.why).join('; ');
    const users = [...new Set(d.scenarios.map((s) => s.users))].join(', ');
    lines.push(
      `| ${[d.id, d.route, d.priority, d.effects.join(', '), String(d.targetRps), pair(d.slo.latencyMs), pair(d.slo.ttftMs), d.slo.tpotMs?.p95 !== undefined ? String(d.slo.tpotMs.p95) : '', goodputCell(d.slo.goodput), users, String(d.connections), String(d.timeoutMs / 1000), d.leakCheck ? 'yes' : '', own].map(cell).join(' | ')} |`,
    );
  }
  return lines;
}

/** `readme` with the text between the table markers replaced by the current table; throws when a marker is missing. */
export function withEndpointTable(readme: string, defs: readonly EndpointDef[]): string {
  const begin = readme.indexOf(TABLE_BEGIN);
  const end = readme.indexOf(TABLE_END);
  if (begin < 0 || end < begin) throw new Error(`perf/README.md: the endpoint table markers are missing ("${TABLE_BEGIN}" ... "${TABLE_END}")`);
  return `${readme.slice(0, begin + TABLE_BEGIN.length)}\n${endpointTable(defs).join('\n')}\n${readme.slice(end)}`;
}
