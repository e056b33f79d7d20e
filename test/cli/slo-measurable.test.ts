import { describe, expect, test } from 'vitest';
import { memoryIo } from '../../src/cli/io.ts';
import { parseRunArgs } from '../../src/cli/run-options.ts';
import { runRunCommand } from '../../src/cli/run.ts';
import type { RunLoad } from '../../src/load/types.ts';

const base = ['--url', 'http://127.0.0.1:9/x', '--rate', '10', '--duration', '1'];

describe('perf run refuses an SLO it cannot measure, before any request', () => {
  test.each([
    ['ttft_p95<100', /^--slo: ttft\.p95 cannot be measured without --sse/],
    ['completion>0.99', /^--slo: streamCompletion cannot be measured without --sse/],
    ['p95<200,tpot_p95<50,completion>0.9', /^--slo: tpot\.p95, streamCompletion cannot be measured without --sse/],
    ['goodput(ttft<100)>0.9', /^--slo: goodput\(ttft\) cannot be measured without --sse/],
    ['resources.cpuPercent<80', /^--slo: resources\.cpuPercent cannot be measured: perf run samples no target resources/],
  ])('--slo %s without --sse: exit 2 naming the bound (it failed after the load as "insufficient samples")', async (expr, message) => {
    expect(() => parseRunArgs([...base, '--slo', expr])).toThrow(message);
    const engine: RunLoad = async () => {
      throw new Error('the engine must not run');
    };
    const io = memoryIo({ env: {} });
    expect(await runRunCommand([...base, '--slo', expr, '--no-preflight'], io, { runLoad: engine })).toBe(2);
    expect(io.err).toEqual([expect.stringMatching(message)]);
  });

  test('with --sse the stream bounds are measurable, and goodput on latency alone needs no stream', () => {
    expect(() => parseRunArgs([...base, '--sse', '--slo', 'ttft_p95<100,tpot_p95<50,completion>0.99,goodput(ttft<100,tpot<50)>0.9'])).not.toThrow();
    expect(() => parseRunArgs([...base, '--slo', 'p95<100,errors<0.01,rate>0.9,goodput(latency<500)>0.9'])).not.toThrow();
  });
});
