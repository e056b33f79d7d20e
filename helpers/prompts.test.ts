import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countOutputTokens } from '../src/metrics/tokens.ts';
import { DEFAULT_PROMPT_SET, LENGTH_BUCKETS } from './fixtures/prompt-set.ts';
import { loadPromptsFile } from './prompts-file.ts';
import { resolveConfig } from './config.ts';
import { useSuiteEndpoints } from '../perf/endpoints/index.ts';

// The helpers under test find the suite's endpoints as an entry point hands them over.
useSuiteEndpoints();

const dir = mkdtempSync(join(tmpdir(), 'perf-prompts-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('prompts of real lengths', () => {
  it('the default set has the stated length distribution (tokens, o200k_base)', () => {
    const lengths = DEFAULT_PROMPT_SET.map((p) => countOutputTokens(p.content));
    for (const b of LENGTH_BUCKETS) {
      const n = lengths.filter((l) => l >= b.minTokens && l <= b.maxTokens).length;
      expect(n / lengths.length, b.name).toBeCloseTo(b.share, 5);
    }
    const mean = lengths.reduce((a, b) => a + b, 0) / lengths.length;
    expect(mean).toBeGreaterThan(50);
    expect(mean).toBeLessThan(100);
  });

  it('PERF_PROMPTS: one {"content": ...} a line, with an optional expected output length', () => {
    const p = file('ok.jsonl', '{"content":"hello"}\n\n{"content":"a longer question","outputTokens":300}\n');
    const set = loadPromptsFile(p, 'PERF_PROMPTS');
    expect(set).toEqual([{ content: 'hello' }, { content: 'a longer question', outputTokens: 300 }]);
    expect(resolveConfig({ PERF_PROMPTS: p }).promptsFile).toBe(p);
  });

  it('a bad file names the variable, the file and the line, never the content', () => {
    const secret = 'my private diary entry';
    const cases: Array<[string, RegExp]> = [
      [file('json.jsonl', `{"content":"${secret}"}\n{"content": "${secret}"\n`), /^PERF_PROMPTS: .*json\.jsonl line 2: not JSON$/],
      [file('field.jsonl', `{"text":"${secret}"}\n`), /^PERF_PROMPTS: .*field\.jsonl line 1: "content" must be a non-empty string$/],
      [file('out.jsonl', `{"content":"${secret}","outputTokens":-3}\n`), /^PERF_PROMPTS: .*out\.jsonl line 1: "outputTokens" must be a positive integer/],
      [file('empty.jsonl', '\n\n'), /^PERF_PROMPTS: .*empty\.jsonl holds no prompt/],
      [join(dir, 'missing.jsonl'), /^PERF_PROMPTS: cannot read .*missing\.jsonl/],
    ];
    for (const [path, message] of cases) {
      let err: Error | undefined;
      try {
        loadPromptsFile(path, 'PERF_PROMPTS');
      } catch (e) {
        err = e as Error;
      }
      expect(err?.message, path).toMatch(message);
      expect(err?.message).not.toContain(secret);
      expect((err as { code?: string }).code).toBe('PERF_ERR_CONFIG');
    }
  });
});

describe('PERF_PROMPTS in the global set-up', () => {
  it('a malformed file stops the run before any request: one line naming the file and line, exit 2', async () => {
    const { setup } = await import('../perf/global-setup.ts');
    const { resetConfig } = await import('./config.ts');
    const p = file('bad.jsonl', '{"content":"top secret question"}\n{"content":""}\n');
    const prev = { BASE_URL: process.env.BASE_URL, PERF_PROMPTS: process.env.PERF_PROMPTS };
    Object.assign(process.env, { BASE_URL: 'http://127.0.0.1:9', PERF_PROMPTS: p });
    resetConfig();
    const lines: string[] = [];
    let code = -1;
    try {
      await setup({ provide: () => {} } as never, {
        stderr: (l) => void lines.push(l),
        exit: (c) => {
          code = c;
          throw new Error('exited');
        },
      }).catch(() => undefined);
    } finally {
      for (const [k, v] of Object.entries(prev)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      resetConfig();
    }
    expect(code).toBe(2);
    expect(lines).toEqual([expect.stringMatching(/^\[perf\] configuration: PERF_PROMPTS: bad\.jsonl line 2: "content" must be a non-empty string$/)]);
    expect(lines.join('')).not.toContain('top secret');
  });
});
