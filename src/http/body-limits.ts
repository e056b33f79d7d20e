import { DEFAULT_MAX_EVENT_BYTES } from './sse.ts';

/** Default largest body kept for a check or capture, bytes; a larger one is `invalid_body`. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** How much of a response an exchange may hold, bytes. */
export interface BodyLimits {
  /** One SSE line, or one event's fields together. */
  readonly maxEventBytes: number;
  /** A non-SSE body buffered for a check or capture. */
  readonly maxBodyBytes: number;
}

export const DEFAULT_BODY_LIMITS: BodyLimits = { maxEventBytes: DEFAULT_MAX_EVENT_BYTES, maxBodyBytes: DEFAULT_MAX_BODY_BYTES };

/** Answer text kept per stream for counting its tokens, characters; past it the count is extrapolated. */
export const MAX_CONTENT_CHARS = 16 * 1024;
