import type { SseEvent } from './types.ts';

/** A dotted path into an event's JSON data: `Response`, `choices.0.delta.content`. */
export const CONTENT_FIELD_PATH = /^[A-Za-z0-9_$-]+(?:\.[A-Za-z0-9_$-]+)*$/;

/**
 * `contentOf` for JSON events whose answer text is at `path` (`--content-field`): the value there
 * when it is a non-empty string, else nothing (an event that is not JSON carries no content).
 */
export function contentFieldOf(path: string): (event: SseEvent) => string | undefined {
  const keys = path.split('.');
  return (event) => {
    const d = event.data;
    if (d === '' || d === '[DONE]') return undefined;
    let v: unknown;
    try {
      v = JSON.parse(d);
    } catch {
      return undefined;
    }
    for (const k of keys) {
      if (v === null || typeof v !== 'object') return undefined;
      v = (v as Record<string, unknown>)[k];
    }
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
}
