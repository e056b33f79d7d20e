import type { RunSummary } from '../result/types.ts';
import type { CapacityReport } from './capacity.ts';
import { kindLabel } from './format.ts';
import { t, type Lang } from './messages.ts';
import { digestPercentiles, histogramPercentiles, type PercentilePoint } from './percentiles.ts';

/** One line of a chart. `scale` picks the right-hand axis when `y2`. */
export interface SeriesSpec {
  label: string;
  values: (number | null)[];
  color: string;
  scale?: 'y' | 'y2';
  dash?: boolean;
}

/** A chart as the page's script draws it with uPlot. */
export interface ChartSpec {
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  y2Label?: string;
  /** `time`: seconds; `percentile`: x is -log10(1 - p/100); `rate`: requests per second. */
  xKind: 'time' | 'percentile' | 'rate';
  x: number[];
  series: SeriesSpec[];
}

const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];

/** Percentile → the x of the distribution chart (0 → 0, 99 → 2, 99.9 → 3, 100 → last tail + 1). */
export function percentileX(p: number): number {
  if (p >= 100) return 6;
  return Math.round(-Math.log10(1 - p / 100) * 1000) / 1000;
}

function distributionSeries(label: string, pts: PercentilePoint[] | undefined, color: string, byX: Map<number, number>[]): SeriesSpec | undefined {
  if (!pts) return undefined;
  const m = new Map(pts.map((p) => [percentileX(p.percentile), p.ms]));
  byX.push(m);
  return { label, values: [], color };
}

/** The charts of one run: rate, latency over time, errors by kind, percentile distribution, resources. */
export function runCharts(prefix: string, s: RunSummary, lang: Lang): ChartSpec[] {
  const x = s.timeline.map((e) => e.t);
  const charts: ChartSpec[] = [
    {
      id: `${prefix}-rate`,
      title: t(lang, 'chartRate'),
      xLabel: 's',
      yLabel: '/s',
      xKind: 'time',
      x,
      series: [
        { label: 'target', values: s.timeline.map((e) => e.targetRps), color: PALETTE[7]!, dash: true },
        { label: 'sent', values: s.timeline.map((e) => e.sent), color: PALETTE[0]! },
        { label: 'ok', values: s.timeline.map((e) => e.ok), color: PALETTE[2]! },
        ...(s.goodput ? [{ label: 'goodput', values: s.timeline.map((e) => e.goodput ?? 0), color: PALETTE[4]! }] : []),
      ],
    },
    {
      id: `${prefix}-latency`,
      title: t(lang, 'chartLatency'),
      xLabel: 's',
      yLabel: 'ms',
      xKind: 'time',
      x,
      series: [
        ...(['p50', 'p95', 'p99'] as const).map((k, i) => ({
          label: k,
          values: s.timeline.map((e) => (e.ok + e.failed > 0 ? e[k] : null)),
          color: PALETTE[i]!,
          dash: k === 'p99',
        })),
        ...(s.stream ? [{ label: 'TTFT p95', values: s.timeline.map((e) => e.ttftP95 ?? null), color: PALETTE[3]! }] : []),
      ],
    },
  ];
  const kinds = [...new Set(s.timeline.flatMap((e) => Object.keys(e.errors).filter((k) => (e.errors as Record<string, number>)[k])))];
  charts.push({
    id: `${prefix}-errors`,
    title: t(lang, 'chartErrors'),
    xLabel: 's',
    yLabel: '/s',
    xKind: 'time',
    x,
    series: (kinds.length ? kinds : ['errors']).map((k, i) => ({
      label: kinds.length ? kindLabel(k) : 'errors',
      values: s.timeline.map((e) => (e.errors as Record<string, number>)[k] ?? 0),
      color: PALETTE[(i + 1) % PALETTE.length]!,
    })),
  });

  const maps: Map<number, number>[] = [];
  const dist = [
    distributionSeries('latency (ok)', histogramPercentiles(s.histograms.latency, s.latencyMs) ?? digestPercentiles(s.latencyMs), PALETTE[0]!, maps),
    distributionSeries('failed', histogramPercentiles(s.histograms.failedLatency, s.failedLatencyMs) ?? (s.failedLatencyMs ? digestPercentiles(s.failedLatencyMs) : undefined), PALETTE[1]!, maps),
    s.stream ? distributionSeries('TTFT', histogramPercentiles(s.histograms.ttft, s.stream.ttftMs) ?? digestPercentiles(s.stream.ttftMs), PALETTE[3]!, maps) : undefined,
  ].filter((v): v is SeriesSpec => v !== undefined);
  if (dist.length) {
    const xs = [...new Set(maps.flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
    dist.forEach((d, i) => (d.values = xs.map((xv) => maps[i]!.get(xv) ?? null)));
    charts.push({ id: `${prefix}-dist`, title: t(lang, 'chartDistribution'), xLabel: 'percentile', yLabel: 'ms', xKind: 'percentile', x: xs, series: dist });
  }

  const resKeys = [...new Set(s.timeline.flatMap((e) => Object.keys(e.resources ?? {})))];
  const cpu = resKeys.filter((k) => /cpu/i.test(k));
  const other = resKeys.filter((k) => !/cpu/i.test(k));
  if (resKeys.length) {
    const bytes = other.filter((k) => /bytes|rss|heap|mem/i.test(k) && !/percent|pct|ratio/i.test(k));
    charts.push({
      id: `${prefix}-resources`,
      title: t(lang, 'chartResources'),
      xLabel: 's',
      yLabel: cpu.length ? '%' : '',
      y2Label: other.length ? (bytes.length === other.length ? 'MB' : 'value') : undefined,
      xKind: 'time',
      x,
      series: [...cpu, ...other].map((k, i) => ({
        label: bytes.includes(k) ? `${k} (MB)` : k,
        values: s.timeline.map((e) => {
          const v = e.resources?.[k];
          if (v === undefined || !Number.isFinite(v)) return null;
          return bytes.includes(k) ? Math.round((v / 1048576) * 10) / 10 : v;
        }),
        color: PALETTE[(i + 4) % PALETTE.length]!,
        scale: cpu.includes(k) || !cpu.length ? 'y' : 'y2',
      })),
    });
  }
  return charts;
}

/** The capacity curve of one endpoint: achieved rate and p95/p99 against the target rate. */
export function capacityChart(prefix: string, c: CapacityReport, lang: Lang): ChartSpec {
  const fin = (v: number) => (Number.isFinite(v) ? v : null);
  return {
    id: `${prefix}-capacity`,
    title: `${t(lang, 'chartCapacity')}: ${c.endpoint}`,
    xLabel: 'target /s',
    yLabel: '/s',
    y2Label: 'ms',
    xKind: 'rate',
    x: c.steps.map((s) => s.targetRps),
    series: [
      { label: 'achieved /s', values: c.steps.map((s) => fin(s.achievedRps)), color: PALETTE[0]! },
      { label: 'p50 ms', values: c.steps.map((s) => fin(s.p50)), color: PALETTE[2]!, scale: 'y2' },
      { label: 'p95 ms', values: c.steps.map((s) => fin(s.p95)), color: PALETTE[3]!, scale: 'y2' },
      { label: 'p99 ms', values: c.steps.map((s) => fin(s.p99)), color: PALETTE[1]!, scale: 'y2' },
      { label: 'error %', values: c.steps.map((s) => (Number.isFinite(s.errorRate) ? Math.round(s.errorRate * 1000) / 10 : null)), color: PALETTE[6]!, dash: true },
    ],
  };
}
