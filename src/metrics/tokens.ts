import { createRequire } from 'node:module';

/** The tokenizer encoding output tokens are counted in: OpenAI's `o200k_base` (GPT-4o, GPT-4.1, o-series), via `gpt-tokenizer`. */
export const TOKEN_ENCODING = 'o200k_base';

type CountTokens = (text: string) => number;
let counter: CountTokens | null = null;

/** Loaded on first use: the encoding's tables take a while to load and runs without streams never need them. */
function load(): CountTokens {
  if (counter === null) {
    const require = createRequire(import.meta.url);
    const mod = require('gpt-tokenizer/cjs/encoding/o200k_base') as { countTokens: CountTokens };
    counter = mod.countTokens;
  }
  return counter;
}

/**
 * Output tokens of one answer, counted once when the stream ends. `text` is the answer's first
 * characters as kept by the exchange; when the answer had more (`totalChars`), the count of the
 * kept text is scaled by `totalChars / text.length`. Never throws: 0 when nothing can be counted.
 */
export function countOutputTokens(text: string, totalChars: number = text.length): number {
  if (text.length === 0) return 0;
  let n: number;
  try {
    n = load()(text);
  } catch {
    return 0;
  }
  return totalChars > text.length ? Math.round((n * totalChars) / text.length) : n;
}
