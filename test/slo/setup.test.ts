import { describe, expect, it } from 'vitest';
import '../../perf/setup.ts';
import { dist, makeSummary } from './fixtures.ts';

describe('perf/setup.ts', () => {
  it('registers the SLO matchers on vitest expect through the public entry', () => {
    expect(makeSummary()).toMeetSlo({ latencyMs: { p95: 500 } });
    expect(makeSummary()).toHaveP95Below(500);
    expect(makeSummary()).toHaveErrorRateBelow(0.01);
    expect(makeSummary({ latencyMs: dist(5) })).not.toHaveP95Below(500);
  });
});
