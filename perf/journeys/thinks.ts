import type { ThinkTime } from '../../src/index.ts';

/**
 * Before the first message of a new conversation: about 2 s, the pause of the report's own "with
 * sleep" guest-chat run (引入sleep 2 s) spread ±0.5 s so that users do not march in step.
 */
export const FIRST_MESSAGE: ThinkTime = { kind: 'uniform', minMs: 1_500, maxMs: 2_500 };

/**
 * Between two messages: reading the answer and typing the next one, 3 to 8 s. An assumption: no
 * measurement of real users' pauses exists (the QA scripts never paused between messages).
 */
export const BETWEEN_MESSAGES: ThinkTime = { kind: 'uniform', minMs: 3_000, maxMs: 8_000 };

/** Between opening the app (account, session list) and acting on it: a glance, 0.5 to 1.5 s. An assumption. */
export const GLANCE: ThinkTime = { kind: 'uniform', minMs: 500, maxMs: 1_500 };
