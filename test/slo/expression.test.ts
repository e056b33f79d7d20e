import { describe, expect, it } from 'vitest';
import { parseSloExpression } from '../../src/slo/expression.ts';
import { ConfigError } from '../../src/core/errors.ts';

describe('parseSloExpression', () => {
  it('parses the documented example', () => {
    expect(parseSloExpression('p95<200,p99<500,errors<0.01,ttft_p95<2000,rate>0.95')).toEqual({
      latencyMs: { p95: 200, p99: 500 },
      errorRate: 0.01,
      ttftMs: { p95: 2000 },
      minRateRatio: 0.95,
    });
  });

  it('accepts spaces, units, percentages and aliases', () => {
    expect(parseSloExpression(' p50 < 1.5s , max<2000ms, errors<1%, completion>=99%, latency_p90<300, resources.cpuPercent<80 ')).toEqual({
      latencyMs: { p50: 1500, max: 2000, p90: 300 },
      errorRate: 0.01,
      minStreamCompletion: 0.99,
      resources: { cpuPercent: 80 },
    });
  });

  it.each([
    ['p97<200', /unknown metric "p97"/],
    ['latency<200', /unknown metric "latency"/],
    ['p95', /malformed term "p95"/],
    ['p95<abc', /malformed term "p95<abc"/],
    ['p95>200', /"p95>200" must use '<'/],
    ['rate<0.9', /"rate<0.9" must use '>'/],
    ['p95<200,,p99<300', /empty term/],
    ['', /empty/],
    ['p95<200,p95<300', /repeats a bound/],
    ['errors<5ms', /ratio, 'ms' does not apply/],
    ['p95<5%', /'%' does not apply/],
    ['errors<0', /errorRate/],
    ['rate>1.5', /minRateRatio/],
    ['p95<-5', /latencyMs\.p95/],
  ])('rejects %j with a ConfigError naming the bad part', (text, msg) => {
    expect(() => parseSloExpression(text)).toThrow(ConfigError);
    expect(() => parseSloExpression(text)).toThrow(msg);
  });

  it('names the source in messages', () => {
    expect(() => parseSloExpression('bogus<1', '--slo')).toThrow(/^--slo: unknown metric "bogus"/);
  });
});
