import { describe, expect, test } from 'vitest';
import { checkUnit, formatSloCheck } from '../../src/slo/format.ts';

describe('SLO check lines carry their unit', () => {
  test('latency, TTFT and TPOT in ms, CPU in percent, shares as they are', () => {
    expect(formatSloCheck({ name: 'tpot.p95', bound: '< 200 ms', actual: 248.063, passed: false }, 'chat')).toBe('chat: tpot.p95 = 248.1 ms, expected < 200 ms');
    expect(formatSloCheck({ name: 'ttft.p95', bound: '< 1000 ms', actual: 3050, passed: false })).toBe('ttft.p95 = 3050 ms, expected < 1000 ms');
    expect(formatSloCheck({ name: 'resources.cpuPercent', bound: '< 80', actual: 124.848, passed: false })).toBe('resources.cpuPercent = 124.8%, expected < 80');
    expect(checkUnit('errorRate')).toBe('share');
    expect(checkUnit('goodput')).toBe('share');
    expect(checkUnit('okRequests')).toBe('number');
  });
});
