import { describe, expect, it } from 'vitest';
import { matchSeries, parsePrometheusText, parseSelector, sumSeries } from '../../src/resources/prom-text.ts';

const TEXT = `# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.
# TYPE process_cpu_seconds_total counter
process_cpu_seconds_total 12.5
process_resident_memory_bytes 1.048576e+08
node_cpu_seconds_total{cpu="0",mode="idle"} 100.25
node_cpu_seconds_total{cpu="0",mode="user"} 7
node_cpu_seconds_total{cpu="1",mode="idle"} 99.75 1712345678000
sim_queue_depth{backend="voice", note="a \\"quoted\\", value"} 4
broken_line{cpu="0" 3
nan_metric NaN
garbage here
`;

describe('parsePrometheusText', () => {
  it('reads names, labels (escapes included), values and skips comments and malformed lines', () => {
    const samples = parsePrometheusText(TEXT);
    expect(samples.find((s) => s.name === 'process_cpu_seconds_total')?.value).toBe(12.5);
    expect(samples.find((s) => s.name === 'process_resident_memory_bytes')?.value).toBe(104857600);
    const queue = samples.find((s) => s.name === 'sim_queue_depth');
    expect(queue?.labels).toEqual({ backend: 'voice', note: 'a "quoted", value' });
    expect(samples.some((s) => s.name === 'broken_line')).toBe(false);
    expect(samples.some((s) => s.name === 'garbage')).toBe(false);
    expect(Number.isNaN(samples.find((s) => s.name === 'nan_metric')?.value)).toBe(true);
  });

  it('never throws on garbage', () => {
    expect(parsePrometheusText('{{{ }}} \u0000 "')).toEqual([]);
    expect(parsePrometheusText('')).toEqual([]);
  });
});

describe('selectors', () => {
  it('parses names and label filters, rejects malformed ones', () => {
    expect(parseSelector('node_cpu_seconds_total{mode="idle"}')).toEqual({ name: 'node_cpu_seconds_total', labels: { mode: 'idle' } });
    expect(parseSelector('up')).toEqual({ name: 'up', labels: {} });
    expect(parseSelector('up{mode=idle}')).toBeUndefined();
    expect(parseSelector('1up')).toBeUndefined();
  });

  it('sums the matching series only', () => {
    const samples = parsePrometheusText(TEXT);
    const idle = parseSelector('node_cpu_seconds_total{mode="idle"}')!;
    expect(matchSeries(samples, idle)).toHaveLength(2);
    expect(sumSeries(samples, idle)).toBeCloseTo(200);
    expect(sumSeries(samples, parseSelector('absent_metric')!)).toBeUndefined();
  });
});
