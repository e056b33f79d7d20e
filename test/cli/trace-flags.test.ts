import { describe, expect, test } from 'vitest';
import { assertEngineEnv } from '../../src/cli/engine-env.ts';
import { toRunLoadOptions } from '../../src/cli/run-load-options.ts';
import { parseRunArgs } from '../../src/cli/run-options.ts';

const base = ['--url', 'http://127.0.0.1:1/x', '--rate', '1', '--duration', '1'];
const trace = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  const r = parseRunArgs([...base, ...argv]);
  if (r.help) throw new Error('help');
  return toRunLoadOptions(r.options, {}, env).trace;
};

describe('perf run: trace context flags and PERF_TRACE*', () => {
  test('on by default, unsampled; --no-trace and PERF_TRACE=0 turn it off', () => {
    expect(trace([])).toEqual({});
    expect(trace(['--no-trace'])).toBe(false);
    expect(trace([], { PERF_TRACE: '0' })).toBe(false);
    expect(trace(['--trace'], { PERF_TRACE: '0' })).toEqual({});
  });

  test('--trace-sampled / PERF_TRACE_SAMPLED and --tracestate / PERF_TRACESTATE, the flag winning', () => {
    expect(trace(['--trace-sampled'])).toEqual({ sampled: true });
    expect(trace([], { PERF_TRACE_SAMPLED: '1', PERF_TRACESTATE: 'perf=a' })).toEqual({ sampled: true, tracestate: 'perf=a' });
    expect(trace(['--no-trace-sampled', '--tracestate', 'perf=b'], { PERF_TRACE_SAMPLED: '1', PERF_TRACESTATE: 'perf=a' })).toEqual({ tracestate: 'perf=b' });
  });

  test('a bad value is one line naming the flag or variable', () => {
    expect(() => parseRunArgs([...base, '--tracestate', 'Not A State'])).toThrow(/^--tracestate: "Not A State" is not a W3C tracestate/);
    expect(() => assertEngineEnv({ PERF_TRACE: 'maybe' })).toThrow(/^PERF_TRACE: expected a boolean/);
    expect(() => assertEngineEnv({ PERF_TRACE_SAMPLED: '2' })).toThrow(/^PERF_TRACE_SAMPLED: /);
    expect(() => assertEngineEnv({ PERF_TRACESTATE: '==' })).toThrow(/^PERF_TRACESTATE: "==" is not a W3C tracestate/);
    // The refused value is echoed with its control characters escaped: no forged terminal output.
    expect(() => parseRunArgs([...base, '--tracestate', 'a\nSLO PASSED\u001b[2K'])).toThrow(/^--tracestate: "a\\u000aSLO PASSED\\u001b\[2K" is not a W3C tracestate/);
  });
});
