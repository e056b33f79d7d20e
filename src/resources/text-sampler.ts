import { z } from 'zod';
import { createPolledSampler, type ResourceSampler } from './poller.ts';
import { formatSelector, matchSeries, parsePrometheusText, parseSelector, sumSeries, type PromSelector } from './prom-text.ts';
import { safeUrl } from './readings.ts';
import { lazyScrapeAgent, fetchText } from './scrape.ts';
import { parseConfig } from '../core/validate.ts';

const selectorString = z.string().refine((s) => parseSelector(s) !== undefined, {
  message: 'expected a metric selector such as name or name{label="value"}',
});

export const prometheusTextSamplerSchema = z.object({
  /** Prometheus text endpoint: the simulator's `/metrics`, an app's, or node_exporter's. */
  url: z.url(),
  /** Sampler name: the key of its summary in `summary.extra`. @default 'resources' */
  name: z.string().min(1).default('resources'),
  /**
   * CPU counter in seconds. A selector with `mode="idle"` (node_exporter's
   * `node_cpu_seconds_total{mode="idle"}`) is read as host idle time summed over CPUs.
   * @default 'process_cpu_seconds_total'
   */
  cpuMetric: selectorString.default('process_cpu_seconds_total'),
  /**
   * Memory gauge in bytes. A name containing `MemAvailable` is read as host available memory
   * (with `node_memory_MemTotal_bytes`, used memory and its percent are derived).
   * @default 'process_resident_memory_bytes'
   */
  memoryMetric: selectorString.default('process_resident_memory_bytes'),
  /** V8 heap in use, preferred by the leak check when present. @default 'nodejs_heap_used_bytes' */
  heapMetric: selectorString.default('nodejs_heap_used_bytes'),
  /** Memory of buffers and other C++ objects bound to JS (Node), counted with the heap by the leak check. @default 'nodejs_external_memory_bytes' */
  externalMetric: selectorString.default('nodejs_external_memory_bytes'),
  /** Other gauges to record, key → selector (summed over matching series), e.g. queue depth. @default {} */
  gauges: z.record(z.string().regex(/^[A-Za-z][\w.-]*$/), selectorString).default({}),
  /** @default 1000 */
  intervalMs: z.number().int().min(50).max(60_000).default(1000),
  /** Per-scrape timeout. @default 800 */
  timeoutMs: z.number().int().min(10).max(30_000).default(800),
  /** @default 3 */
  maxConsecutiveFailures: z.number().int().min(1).default(3),
});
export type PrometheusTextSamplerOptions = z.input<typeof prometheusTextSamplerSchema>;

/**
 * Samples CPU and memory from a Prometheus text endpoint once per interval. Values: `cpuPercent`
 * (percent of one core, from counter deltas), `rssBytes`, `heapUsedBytes`, `externalBytes` and
 * `jsMemoryBytes` (heap used + external: what the JS program holds); with node_exporter
 * metrics `cpuPercent`, `hostCpuPercent` (percent of all cores), `memAvailableBytes`,
 * `memUsedBytes`, `memUsedPercent`; plus any configured gauge.
 */
export function createPrometheusTextSampler(options: PrometheusTextSamplerOptions): ResourceSampler {
  const o = parseConfig(prometheusTextSamplerSchema, options, 'Prometheus text sampler options');
  const cpuSel = parseSelector(o.cpuMetric) as PromSelector;
  const memSel = parseSelector(o.memoryMetric) as PromSelector;
  const heapSel = parseSelector(o.heapMetric) as PromSelector;
  const externalSel = parseSelector(o.externalMetric) as PromSelector;
  const gaugeSels = Object.entries(o.gauges).map(([k, v]) => [k, parseSelector(v) as PromSelector] as const);
  const cpuIsIdle = cpuSel.labels['mode'] === 'idle';
  const memIsAvailable = memSel.name.includes('MemAvailable');
  const memTotalSel: PromSelector = { name: 'node_memory_MemTotal_bytes', labels: {} };
  const source = safeUrl(o.url);

  const missing = new Set<string>();
  const extraNotes: string[] = [];
  const noteMissing = (what: string): void => {
    if (missing.has(what)) return;
    missing.add(what);
    extraNotes.push(`${o.name}: ${source} has no ${what} metric; it is not sampled`);
  };
  let prevCpu: { atMs: number; seconds: number } | undefined;
  let resetNoted = false;
  const agent = lazyScrapeAgent(o.timeoutMs);

  return createPolledSampler({
    name: o.name,
    source,
    intervalMs: o.intervalMs,
    maxConsecutiveFailures: o.maxConsecutiveFailures,
    extraNotes: () => extraNotes,
    close: agent.close,
    async scrape() {
      const res = await fetchText(agent.get(), o.url, o.timeoutMs);
      if (!res.ok) return { error: res.error };
      const atMs = Date.now();
      const samples = parsePrometheusText(res.text);
      if (samples.length === 0) return { error: 'no metrics in the response' };
      const values: Record<string, number> = {};

      const cpuSeries = matchSeries(samples, cpuSel);
      if (cpuSeries.length === 0) noteMissing(formatSelector(cpuSel));
      else {
        const seconds = cpuSeries.reduce((a, s) => a + s.value, 0);
        if (prevCpu && atMs > prevCpu.atMs) {
          const dtS = (atMs - prevCpu.atMs) / 1000;
          const delta = seconds - prevCpu.seconds;
          if (delta < 0) {
            if (!resetNoted) extraNotes.push(`${o.name}: CPU counter went backwards (target restarted?)`);
            resetNoted = true;
          } else if (cpuIsIdle) {
            const cores = cpuSeries.length;
            const busyCores = Math.max(0, cores - delta / dtS);
            values['cpuPercent'] = busyCores * 100;
            values['hostCpuPercent'] = (busyCores / cores) * 100;
          } else {
            values['cpuPercent'] = (delta / dtS) * 100;
          }
        }
        prevCpu = { atMs, seconds };
      }

      const mem = sumSeries(samples, memSel);
      if (mem === undefined) noteMissing(formatSelector(memSel));
      else if (memIsAvailable) {
        values['memAvailableBytes'] = mem;
        const total = sumSeries(samples, memTotalSel);
        if (total !== undefined && total > 0) {
          values['memUsedBytes'] = total - mem;
          values['memUsedPercent'] = ((total - mem) / total) * 100;
        }
      } else values['rssBytes'] = mem;

      const heap = sumSeries(samples, heapSel);
      if (heap !== undefined) values['heapUsedBytes'] = heap;
      const external = sumSeries(samples, externalSel);
      if (external !== undefined) values['externalBytes'] = external;
      if (heap !== undefined && external !== undefined) values['jsMemoryBytes'] = heap + external;
      for (const [key, sel] of gaugeSels) {
        const v = sumSeries(samples, sel);
        if (v === undefined) noteMissing(formatSelector(sel));
        else values[key] = v;
      }
      return { values };
    },
  });
}
