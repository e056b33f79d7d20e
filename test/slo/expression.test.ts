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
    ['goodput(ttft>5)>0.9', /goodput bound "ttft>5"/],
    ['goodput(ttft<5,ttft<6)', /repeats ttft/],
    ['goodput()>0.9', /goodput bound ""/],
    ['goodput(ttft<5)>1.5', /goodput\.minRatio/],
    ['goodput ttft<5', /malformed goodput/],
  ])('rejects %j with a ConfigError naming the bad part', (text, msg) => {
    expect(() => parseSloExpression(text)).toThrow(ConfigError);
    expect(() => parseSloExpression(text)).toThrow(msg);
  });

  it('parses goodput bounds, with the other terms around them, and tpot percentiles', () => {
    expect(parseSloExpression('goodput(ttft<1000,tpot<50)>0.95')).toEqual({ goodput: { ttftMs: 1000, tpotMs: 50, minRatio: 0.95 } });
    expect(parseSloExpression('p95<4000,goodput(latency<3s, ttft<1s)>=90%,tpot_p95<80,errors<0.01')).toEqual({
      latencyMs: { p95: 4000 },
      goodput: { latencyMs: 3000, ttftMs: 1000, minRatio: 0.9 },
      tpotMs: { p95: 80 },
      errorRate: 0.01,
    });
    expect(parseSloExpression('goodput(tpot<50)')).toEqual({ goodput: { tpotMs: 50 } });
  });

  it('names the source in messages', () => {
    expect(() => parseSloExpression('bogus<1', '--slo')).toThrow(/^--slo: unknown metric "bogus"/);
  });
});
