import { createRequire } from 'node:module';

/** The tokenizer encoding output tokens are counted in: OpenAI's `o200k_base` (GPT-4o, GPT-4.1, o-series), via `gpt-tokenizer`. */
export const TOKEN_ENCODING = 'o200k_base';

type CountTokens = (text: string) => number;
let counter: CountTokens | null = null;

/** Loaded by `warmTokenizer` before a run that may stream, else on first use; runs of plain requests never need it. */
function load(): CountTokens {
  if (counter === null) {
    const require = createRequire(import.meta.url);
    const mod = require('gpt-tokenizer/cjs/encoding/o200k_base') as { countTokens: CountTokens };
    counter = mod.countTokens;
  }
  return counter;
}

/** Whether the encoding's tables are loaded. */
export function tokenizerLoaded(): boolean {
  return counter !== null;
}

/**
 * Loads the tokenizer now, before a run that may stream starts: loading its tables blocks the
 * event loop for 0.2 to 0.5 s (14 MiB of heap), which in the middle of a run is a generator stall
 * that delays every request in flight (measured: 427 ms at the first recorded stream's end, which
 * marked the suite's chat runs "generator overloaded").
 */
export function warmTokenizer(): void {
  try {
    load();
  } catch {
    // counted as 0 tokens later, as countOutputTokens does
  }
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
