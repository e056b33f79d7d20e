import type { SimConfig } from './config.ts';
import { takeToken, type User } from './state.ts';

export const OUT_OF_CREDITS = "You've run out of credits.";
export const MESSAGE_LIMIT = 'Message limit reached. Please try again later.';

export type Denial = { message: string; errorCode: number };

/**
 * Credits (non-subscribers pay per message) then the continuously refilling message bucket.
 * `errorCode` is 0 for text (as GG sends it) and 20003/20004 for voice.
 */
export function chargeMessage(config: SimConfig, user: User, voice: boolean, now: number): Denial | null {
  if (!user.subscriber && user.credits < config.creditsPerMessage) {
    return { message: OUT_OF_CREDITS, errorCode: voice ? 20003 : 0 };
  }
  const capacity = voice ? (user.subscriber ? config.subscriberMessageQuota : config.voiceQuota) : user.subscriber ? config.subscriberMessageQuota : config.messageQuota;
  const r = takeToken(voice ? user.voiceBucket : user.messageBucket, capacity, config.quotaWindowMs, now);
  if (voice) user.voiceBucket = r.bucket;
  else user.messageBucket = r.bucket;
  if (!r.ok) return { message: MESSAGE_LIMIT, errorCode: voice ? 20004 : 0 };
  if (!user.subscriber) user.credits -= config.creditsPerMessage;
  return null;
}
