import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'dotenv';
import { z } from 'zod';
import { ConfigError } from './errors.ts';

export interface LoadEnvOptions {
  /** File to read. @default `PERF_ENV_FILE`, else `.env` in the working directory */
  path?: string;
  /** Environment to fill. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Let the file win over variables already set. @default false (the real environment wins) */
  override?: boolean;
}

export interface LoadedEnv {
  path: string;
  /** Names of the variables the file defines (values are never reported). */
  keys: string[];
}

const KEY_LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*(?:=|:)(.*)$/;

/**
 * Checks the lines dotenv would silently skip: every non-blank, non-comment line must be
 * `KEY=value`, and a quoted value opened on a line must be closed (multi-line values allowed).
 */
export function validateDotenvText(text: string, file: string): void {
  const lines = text.split(/\r?\n/);
  let openQuote: { char: string; line: number; key: string } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (openQuote) {
      if (closesQuote(line, openQuote.char, 0)) openQuote = undefined;
      continue;
    }
    if (/^\s*(#.*)?$/.test(line)) continue;
    const m = KEY_LINE.exec(line);
    if (!m) {
      throw new ConfigError(`${file}:${i + 1}: malformed line, expected KEY=value (the line is not shown: it may hold a secret)`);
    }
    const key = m[1] ?? '';
    const value = (m[2] ?? '').trimStart();
    const quote = value[0];
    if ((quote === '"' || quote === "'" || quote === '`') && !closesQuote(value, quote, 1)) {
      openQuote = { char: quote, line: i + 1, key };
    }
  }
  if (openQuote) {
    throw new ConfigError(`${file}:${openQuote.line}: ${openQuote.key} has an unterminated ${openQuote.char} quote`);
  }
}

function closesQuote(text: string, quote: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\' && quote === '"') {
      i++;
      continue;
    }
    if (text[i] === quote) return true;
  }
  return false;
}

/**
 * Loads a `.env` file into the environment (without overriding set variables by default).
 * A missing default `.env` is fine (returns undefined); a missing file named explicitly (option or
 * `PERF_ENV_FILE`), an unreadable file or a malformed line is a `ConfigError` naming the file and line.
 * Never logs values.
 */
export function loadEnvFile(options: LoadEnvOptions = {}): LoadedEnv | undefined {
  const env = options.env ?? process.env;
  const explicit = options.path ?? (env.PERF_ENV_FILE || undefined);
  const path = resolve(explicit ?? '.env');
  const label = explicit ? (options.path ? path : `PERF_ENV_FILE (${path})`) : '.env';
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !explicit) return undefined;
    throw new ConfigError(`${label}: cannot read ${path}: ${code ?? (cause as Error).message}`, { cause });
  }
  validateDotenvText(text, explicit ? path : '.env');
  const parsed = parse(text);
  for (const [key, value] of Object.entries(parsed)) {
    if (options.override || env[key] === undefined) env[key] = value;
  }
  return { path, keys: Object.keys(parsed) };
}

/**
 * Validates environment variables with a zod object keyed by variable name. Messages name the
 * variable and the bad value: `PERF_TIMEOUT_S: expected a positive number, got "abc"`.
 */
export function readEnv<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv = process.env): z.output<S> {
  const picked: Record<string, string | undefined> = {};
  for (const key of Object.keys(schema.shape)) {
    const v = env[key];
    picked[key] = v === undefined || v.trim() === '' ? undefined : v.trim();
  }
  const parsed = schema.safeParse(picked);
  if (!parsed.success) {
    const msg = parsed.error.issues
      .map((issue) => {
        const key = String(issue.path[0] ?? '');
        return `${key}: ${issue.message}${key && picked[key] !== undefined ? ` (got "${picked[key]}")` : ''}`;
      })
      .join('; ');
    throw new ConfigError(msg, { cause: parsed.error });
  }
  return parsed.data;
}

/** An env variable holding a number (`min`/`max` inclusive, `positive` exclusive of 0); `unit` names it in messages (`requests per second`). */
export function envNumber(opts: { positive?: boolean; min?: number; max?: number; int?: boolean; unit?: string } = {}) {
  const kind = opts.positive ? `a positive ${opts.int ? 'integer' : 'number'}` : opts.int ? 'an integer' : 'a number';
  const what = opts.unit ? `${kind} of ${opts.unit}` : kind;
  return z.string().transform((s, ctx) => {
    const n = Number(s);
    const bad =
      !Number.isFinite(n) || (opts.int && !Number.isInteger(n)) || (opts.positive && n <= 0) ||
      (opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max);
    if (bad) {
      const range = opts.min !== undefined || opts.max !== undefined ? ` in [${opts.min ?? '-∞'}, ${opts.max ?? '∞'}]` : '';
      ctx.addIssue({ code: 'custom', message: `expected ${what}${range}` });
      return z.NEVER;
    }
    return n;
  });
}

/** An env variable holding a boolean: 1/true/yes/on or 0/false/no/off. */
export function envBoolean() {
  return z.string().transform((s, ctx) => {
    const v = s.toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off'].includes(v)) return false;
    ctx.addIssue({ code: 'custom', message: 'expected a boolean (1/0, true/false, yes/no, on/off)' });
    return z.NEVER;
  });
}
