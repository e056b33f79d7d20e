import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ConfigError } from '../src/index.ts';
import { DEFAULT_PROMPT_SET, type Prompt } from './fixtures/prompt-set.ts';

/** Longest prompt accepted from a file, characters (a prompt is sent in one request body). */
export const MAX_PROMPT_CHARS = 200_000;
/** Largest expected output length accepted, tokens. */
export const MAX_OUTPUT_TOKENS = 1_000_000;

/**
 * Reads a prompt set: one JSON object a line, `{"content": "...", "outputTokens": 300}`
 * (`outputTokens`, the expected output length, optional; blank lines skipped). Every problem is a
 * `ConfigError` naming `option`, the file and the line, never the prompt's text.
 */
export function loadPromptsFile(path: string, option: string): Prompt[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`${option}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { cause: err });
  }
  const name = basename(path);
  const out: Prompt[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const where = `${option}: ${name} line ${i + 1}`;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (err) {
      throw new ConfigError(`${where}: not JSON`, { cause: err });
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ConfigError(`${where}: expected an object {"content": ...}`);
    const o = v as Record<string, unknown>;
    if (typeof o.content !== 'string' || o.content.trim() === '') throw new ConfigError(`${where}: "content" must be a non-empty string`);
    if (o.content.length > MAX_PROMPT_CHARS) throw new ConfigError(`${where}: "content" is longer than ${MAX_PROMPT_CHARS} characters`);
    const p: Prompt = { content: o.content };
    if (o.outputTokens !== undefined) {
      const n = o.outputTokens;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_OUTPUT_TOKENS) {
        throw new ConfigError(`${where}: "outputTokens" must be a positive integer (the expected output length in tokens, at most ${MAX_OUTPUT_TOKENS})`);
      }
      p.outputTokens = n;
    }
    out.push(p);
  }
  if (out.length === 0) throw new ConfigError(`${option}: ${name} holds no prompt (one {"content": ...} a line)`);
  return out;
}

const cache = new Map<string, Prompt[]>();

/** The suite's prompts: `PERF_PROMPTS`'s file (read once per process), else {@link DEFAULT_PROMPT_SET}. */
export function suitePrompts(promptsFile: string | undefined): readonly Prompt[] {
  if (promptsFile === undefined) return DEFAULT_PROMPT_SET;
  let set = cache.get(promptsFile);
  if (set === undefined) {
    set = loadPromptsFile(promptsFile, 'PERF_PROMPTS');
    cache.set(promptsFile, set);
  }
  return set;
}
