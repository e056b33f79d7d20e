import { MAX_CONTENT_CHARS } from './body-limits.ts';
import type { PreparedRequest } from './prepare.ts';
import type { SseEvent } from './types.ts';
import { recognises } from './verdict.ts';

/** The marks of an exchange's stream that {@link markEvent} writes (an `Exchange` has them). */
export interface StreamMarks {
  readonly req: Pick<PreparedRequest, 'contentOf' | 'usageTokensOf' | 'isAudio' | 'isEcho' | 'measure'>;
  firstContentMs: number;
  secondContentMs: number;
  lastContentMs: number;
  usageTokens: number;
  contentEvents: number;
  outputChars: number;
  contentText: string;
  firstAudioMs: number;
  firstEchoMs: number;
}

/**
 * Records what one SSE event at `t` tells of the answer: content (first, second and last time,
 * events, characters, the text kept for counting tokens), the output tokens the server counted
 * (the last count an event gave), first audio and first echo. The recognisers are the scenario's
 * and may throw.
 */
export function markEvent(ex: StreamMarks, e: SseEvent, t: number): void {
  const req = ex.req;
  let text: string | undefined;
  try {
    text = req.contentOf(e);
  } catch {
    text = undefined;
  }
  if (typeof text === 'string' && text.length > 0) {
    if (ex.firstContentMs < 0) ex.firstContentMs = t;
    else if (ex.secondContentMs < 0) ex.secondContentMs = t;
    ex.lastContentMs = t;
    ex.contentEvents++;
    ex.outputChars += text.length;
    if (req.measure && ex.contentText.length < MAX_CONTENT_CHARS) {
      const room = MAX_CONTENT_CHARS - ex.contentText.length;
      ex.contentText += text.length <= room ? text : text.slice(0, room);
    }
  }
  if (req.usageTokensOf !== undefined) {
    const n = req.usageTokensOf(e);
    if (n !== undefined) ex.usageTokens = n;
  }
  if (ex.firstAudioMs < 0 && req.isAudio !== undefined && recognises(req.isAudio, e)) ex.firstAudioMs = t;
  if (ex.firstEchoMs < 0 && req.isEcho !== undefined && recognises(req.isEcho, e)) ex.firstEchoMs = t;
}
