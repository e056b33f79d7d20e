import type { Distribution, StreamSummary } from './types.ts';

/** Why a summary's TPOT is not read: it was written before TPOT was per output token. */
export const TPOT_PER_CHUNK =
  'TPOT per content chunk, (end of stream − TTFT) / (content events − 1), in a summary written before issue 20 (or merged with one), not per output token';

/**
 * The summary's TPOT when it is per output token, (last content − first content) / (output tokens
 * − 1): summaries written since issue 20 say so by `outputTokensFrom`. Undefined for an older one,
 * whose `tpotMs` is per content chunk and must not be judged or compared as the new one.
 */
export function tpotPerToken(stream: StreamSummary | undefined): Distribution | undefined {
  return stream?.outputTokensFrom !== undefined ? stream.tpotMs : undefined;
}
