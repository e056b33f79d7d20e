import { z } from 'zod';

/** `POST /api/godgpt/guest/create-session` and `GET /api/godgpt/guest/limits` payload. */
export const guestLimitsSchema = z.object({
  remainingChats: z.int(),
  totalAllowed: z.int(),
});
export type GuestLimits = z.infer<typeof guestLimitsSchema>;
export const guestCreateSessionSchema = guestLimitsSchema;
