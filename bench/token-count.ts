// `node --import tsx bench/token-count.ts`: what the stream metrics cost the generator. Token counting
// runs once per ok stream at its end (src/metrics/tokens.ts); `contentOf` runs once per event. Prints
// the one-off load of the o200k_base tables and µs per call for answers of typical and capped sizes.
import { performance } from 'node:perf_hooks';
import { Bench } from 'tinybench';
import { chunkContent } from '../helpers/client/checks.ts';
import { countOutputTokens, MAX_CONTENT_CHARS } from '../src/index.ts';

const SENTENCE = 'Take a slow breath in, hold it for a moment, and let it go. 慢慢吸气，稍作停留，然后呼出。 ';
const text = (chars: number): string => SENTENCE.repeat(Math.ceil(chars / SENTENCE.length)).slice(0, chars);
const GUID = '0b6f5b8e-3c1a-4f3e-9d2a-1e2f3a4b5c6d';
const chunk = JSON.stringify({
  ResponseType: 2, Response: text(32), ChatId: GUID, IsLastChunk: false, SerialNumber: 3, SerialChunk: 0, SessionId: GUID,
  AudioData: null, AudioMetadata: null, ErrorCode: 0, VoiceContentType: 1, SuggestedItems: null,
});

async function main(): Promise<void> {
  const t0 = performance.now();
  countOutputTokens('warm up');
  const loadMs = performance.now() - t0;
  const sizes = { 'chat answer (450 chars, 100-130 tokens)': 450, 'long answer (2 KiB)': 2048, [`capped answer (${MAX_CONTENT_CHARS} chars)`]: MAX_CONTENT_CHARS };
  const bench = new Bench({ time: 1000 });
  for (const [name, n] of Object.entries(sizes)) {
    const t = text(n);
    let i = 0;
    // a different last character each call: no cache can flatter the count
    bench.add(`countOutputTokens: ${name}`, () => void countOutputTokens(t + String(i++ % 10)));
  }
  bench.add('chunkContent: one GodGPT chunk (JSON.parse + zod, a fresh event each call)', () => void chunkContent({ event: 'message', data: chunk }));
  await bench.run();
  process.stdout.write(`o200k_base tables loaded on first use in ${loadMs.toFixed(0)} ms\n`);
  for (const task of bench.tasks) {
    const r = task.result;
    const mean = r && 'latency' in r ? r.latency.mean : NaN;
    process.stdout.write(`${task.name}: ${(mean * 1000).toFixed(1)} µs per call\n`);
  }
}

void main();
