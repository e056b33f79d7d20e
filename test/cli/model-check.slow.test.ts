import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runModelCheckCommand } from '../../src/cli/model-check.ts';
import { memoryIo } from '../../src/cli/io.ts';
import { TargetUnreachableError } from '../../src/core/errors.ts';
import type { RunLoad } from '../../src/load/types.ts';
import type { SuitePlugin } from '../../src/suite/types.ts';
import { judgeModelCheck, modelCheckMarkdown } from '../../src/report/model-check.ts';
import type { RunSummary } from '../../src/result/types.ts';
import { resetConfig } from '../../helpers/config.ts';
import { godgptSuite } from '../../helpers/suite-plugin.ts';
import { dist, synthSummary } from '../report/fixtures.ts';

function withStream(ttftP95: number, latencyP95: number, errorRate = 0): RunSummary {
  const s = synthSummary({ sse: true });
  s.latencyMs = dist(latencyP95 / 2, latencyP95);
  s.stream = { ...(s.stream ?? {}), ttftMs: dist(ttftP95 / 2, ttftP95), tpotMs: dist(10, 20) } as RunSummary['stream'];
  s.errorRate = errorRate;
  return s;
}

const slo = { ttftMs: { p95: 1000 }, latencyMs: { p95: 4000 }, tpotMs: { p95: 200 }, errorRate: 0.01 };

describe('model-check verdict', () => {
  it('degrades severely when TTFT p95 is more than 2x the mocked one and above the SLO', () => {
    const r = judgeModelCheck(new Map([['chat', withStream(450, 2000)]]), new Map([['chat', withStream(2400, 3000)]]), new Map([['chat', slo]]));
    expect(r.degradesSeverely).toBe(true);
    const ttft = r.endpoints[0]!.rows.find((x) => x.metric === 'ttft')!;
    expect(ttft).toMatchObject({ severe: true, bound: 1000 });
    expect(ttft.change).toBeCloseTo(2400 / 450, 5);
    expect(r.endpoints[0]!.rows.find((x) => x.metric === 'latency')!.severe).toBe(false);
    const md = modelCheckMarkdown(r, { mocked: 'm', real: 'r', rate: 1, durationS: 1 }).join('\n');
    expect(md).toContain('| chat | TTFT | 225 ms / 450 ms | 1.20 s / 2.40 s | 5.33× | p95 < 1.00 s | **yes** |');
    expect(md).not.toMatch(/s ms\b/);
  });

  it('writes each latency with its unit once in the table and the reason', () => {
    const r = judgeModelCheck(new Map([['chat', withStream(450, 2000)]]), new Map([['chat', withStream(2400, 3000)]]), new Map([['chat', slo]]));
    const md = modelCheckMarkdown(r, { mocked: 'm', real: 'r', rate: 1, durationS: 10 }).join('\n');
    expect(md).not.toMatch(/ms ms|s ms/);
    expect(md).toContain('| chat | TTFT | 225 ms / 450 ms | 1.20 s / 2.40 s | 5.33× | p95 < 1.00 s | **yes** |');
    expect(md).toContain('- chat: TTFT p95 2.40 s is 5.3× the mocked 450 ms and above the SLO\'s 1.00 s');
  });

  it('does not when the p95 doubles but stays within the SLO, nor when it is over the SLO but not doubled', () => {
    const within = judgeModelCheck(new Map([['chat', withStream(300, 1000)]]), new Map([['chat', withStream(900, 3500)]]), new Map([['chat', slo]]));
    expect(within.degradesSeverely).toBe(false);
    const notDoubled = judgeModelCheck(new Map([['chat', withStream(900, 3000)]]), new Map([['chat', withStream(1500, 5000)]]), new Map([['chat', slo]]));
    expect(notDoubled.degradesSeverely).toBe(false);
  });

  it('degrades severely when errors rise above the SLO bound by more than a point', () => {
    const r = judgeModelCheck(new Map([['chat', withStream(300, 1000, 0)]]), new Map([['chat', withStream(300, 1000, 0.05)]]), new Map([['chat', slo]]));
    expect(r.endpoints[0]!.rows.find((x) => x.metric === 'errorRate')).toMatchObject({ severe: true, change: 0.05 });
    expect(r.degradesSeverely).toBe(true);
  });
});

/** A real side where no request got an answer: every one a connect error, as with an unreachable model. */
function unreachable(s: RunSummary): RunSummary {
  const n = s.requests.scheduled;
  s.requests = { scheduled: n, sent: n, completed: n, ok: 0, failed: n, dropped: 0 };
  s.errorRate = 1;
  s.errors = { connect_error: n };
  s.errorMessages = { connect_error: 'connect ECONNREFUSED 127.0.0.1:1' };
  s.latencyMs = dist(0, 0, 0, 0);
  if (s.stream) s.stream = { ...s.stream, ttftMs: dist(0, 0, 0, 0), tpotMs: dist(0, 0, 0, 0) };
  return s;
}

describe('model-check when the real model cannot be measured', () => {
  it('gives no verdict when the real side has no ok request: "could not measure: model unreachable"', () => {
    const r = judgeModelCheck(new Map([['chat', withStream(300, 1000)]]), new Map([['chat', unreachable(withStream(300, 1000))]]), new Map([['chat', slo]]));
    expect(r.degradesSeverely).toBeNull();
    expect(r.endpoints[0]!.severe).toBe(false);
    const md = modelCheckMarkdown(r, { mocked: 'm', real: 'r', rate: 2, durationS: 3 }).join('\n');
    expect(md).toContain('could not measure: model unreachable');
    expect(md).not.toMatch(/degrades severely: (yes|no)/);
    expect(md).not.toContain('**yes**');
  });

  const fakeSuite = (failStart: boolean): SuitePlugin & { started: string[] } => {
    const started: string[] = [];
    return {
      started,
      baseUrl: () => 'http://127.0.0.1:1',
      endpoints: () => [{ id: 'chat', route: 'POST /chat', targetRps: 1, slo, sse: true }],
      prepare: async () => ({ scenario: { url: 'http://127.0.0.1:1/chat' }, close: async () => {} }),
      modelCheckEndpoints: () => ['chat'],
      async startModel(model) {
        if (model === 'real' && failStart) throw new TargetUnreachableError('SIM_LLM_URL=http://127.0.0.1:1/v1 does not answer (ECONNREFUSED); check SIM_LLM_URL or start the target');
        started.push(model);
        return { label: `${model} model`, stop: async () => {} };
      },
    };
  };

  it('a real model with no ok request: exit 2, model-check.md says so, no verdict', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perf-model-check-unreachable-'));
    try {
      const runLoad: RunLoad = async (o) => (String(o.name).includes('real') ? unreachable(withStream(300, 1000)) : withStream(300, 1000));
      const io = memoryIo();
      const code = await runModelCheckCommand(['--rate', '2', '--duration', '3', '-q'], io, fakeSuite(false), { runLoad, resultsDir: dir });
      expect(code).toBe(2);
      const md = readFileSync(join(dir, 'model-check.md'), 'utf8');
      expect(md).toContain('could not measure: model unreachable');
      expect(md).not.toMatch(/degrades severely: (yes|no)/);
      const doc = JSON.parse(readFileSync(join(dir, 'model-check.json'), 'utf8')) as { result: { degradesSeverely: boolean | null } };
      expect(doc.result.degradesSeverely).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a real model found unreachable when it starts: exit 2 before any load, model-check.md says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perf-model-check-unreachable-'));
    try {
      let loads = 0;
      const runLoad: RunLoad = async () => {
        loads++;
        return withStream(300, 1000);
      };
      const io = memoryIo();
      const suite = fakeSuite(true);
      const code = await runModelCheckCommand(['--rate', '2', '--duration', '3', '-q'], io, suite, { runLoad, resultsDir: dir });
      expect(code).toBe(2);
      expect(loads).toBe(0);
      expect(suite.started).toEqual([]);
      expect(io.err.join('\n')).toContain('could not measure: model unreachable');
      expect(io.err.join('\n')).toContain('SIM_LLM_URL');
      expect(readFileSync(join(dir, 'model-check.md'), 'utf8')).toContain('could not measure: model unreachable');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('perf model-check with SIM_LLM_URL unreachable', () => {
  const saved = { SIM_LLM_URL: process.env.SIM_LLM_URL, BASE_URL: process.env.BASE_URL, SIM_PROFILE: process.env.SIM_PROFILE };
  afterAll(() => {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
    resetConfig();
  });

  it('exits 2 before any load: "could not measure: model unreachable", naming SIM_LLM_URL', async () => {
    process.env.SIM_LLM_URL = 'http://127.0.0.1:1/v1';
    process.env.SIM_PROFILE = 'fast';
    delete process.env.BASE_URL;
    resetConfig();
    const dir = mkdtempSync(join(tmpdir(), 'perf-model-check-sim-llm-'));
    try {
      let loads = 0;
      const runLoad: RunLoad = async () => {
        loads++;
        return withStream(300, 1000);
      };
      const io = memoryIo();
      const code = await runModelCheckCommand(['--rate', '2', '--duration', '3', '-q'], io, godgptSuite, { runLoad, resultsDir: dir });
      expect(code).toBe(2);
      expect(loads).toBe(0);
      const err = io.err.join('\n');
      expect(err).toContain('could not measure: model unreachable');
      expect(err).toContain('SIM_LLM_URL');
      expect(readFileSync(join(dir, 'model-check.md'), 'utf8')).toContain('could not measure: model unreachable');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('perf model-check against the simulator (fast profile)', () => {
  let dir: string;
  const saved = { SIM_PROFILE: process.env.SIM_PROFILE, BASE_URL: process.env.BASE_URL };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'perf-model-check-'));
    process.env.SIM_PROFILE = 'fast';
    delete process.env.BASE_URL;
    resetConfig();
  });
  afterAll(() => {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
    resetConfig();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the three chat streams with both models and writes the table, the verdict and the runs', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runModelCheckCommand(['--rate', '3', '--duration', '2', '-q'], { stdout: (l) => void out.push(l), stderr: (l) => void err.push(l) }, godgptSuite, { resultsDir: dir });
    expect(err).toEqual([]);
    expect([0, 1]).toContain(code);
    const text = out.join('\n');
    for (const id of ['guest-chat', 'chat', 'voice-chat']) {
      for (const m of ['TTFT', 'TPOT', 'end-to-end', 'errors']) expect(text).toMatch(new RegExp(`\\| ${id} \\| ${m} \\| [^|]+ \\| [^|]+ \\|`));
    }
    expect(text).toMatch(/\*\*degrades severely: (yes|no)\*\*/);
    expect(text).toContain('mocked LLM');
    expect(text).toContain('real-llm');
    const doc = JSON.parse(readFileSync(join(dir, 'model-check.json'), 'utf8')) as { mocked: { runs: Record<string, RunSummary> }; real: { runs: Record<string, RunSummary> }; result: { degradesSeverely: boolean } };
    expect(Object.keys(doc.real.runs)).toEqual(['guest-chat', 'chat', 'voice-chat']);
    expect(doc.real.runs['chat']!.environment?.simulator).toMatchObject({ profile: 'fast', llm: 'real-llm' });
    expect(doc.mocked.runs['chat']!.environment?.simulator).toMatchObject({ llm: 'mocked' });
    expect(doc.real.runs['chat']!.requests.ok).toBeGreaterThan(0);
    expect(code).toBe(doc.result.degradesSeverely ? 1 : 0);
    expect(readFileSync(join(dir, 'model-check.md'), 'utf8')).toContain('degrades severely:');
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toContain('chat with the real model');

    // The mocked side again, from the saved file (as with BASE_URL and a deployment's model).
    const again: string[] = [];
    const code2 = await runModelCheckCommand(['--rate', '3', '--duration', '2', '-q', '--baseline', dir], { stdout: (l) => void again.push(l), stderr: () => {} }, godgptSuite, { resultsDir: join(dir, 'second') });
    expect([0, 1]).toContain(code2);
    expect(again.join('\n')).toContain(`(from ${join(dir, 'model-check.json')})`);
  });
});
