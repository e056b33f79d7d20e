import { z } from 'zod';

/** `POST /api/godgpt/guest/create-session` and `GET /api/godgpt/guest/limits` payload (seeding reads both counts). */
export const guestLimitsSchema = z.looseObject({
  remainingChats: z.int(),
  totalAllowed: z.int(),
});
export type GuestLimits = z.infer<typeof guestLimitsSchema>;
export const guestCreateSessionSchema = guestLimitsSchema;
