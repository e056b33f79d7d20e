import { defineJourney } from '../../helpers/journey.ts';
import { GUEST_CHAT } from '../endpoints/guest-chat.ts';
import { GUEST_CREATE_SESSION } from '../endpoints/guest-create-session.ts';
import { BETWEEN_MESSAGES, FIRST_MESSAGE } from './thinks.ts';

/** How many messages a guest sends: 1, 2 or 3, equally likely (an assumption; the guest limit allows 3 per IP). */
const MESSAGES = [1, 2, 3] as const;

export const GUEST_JOURNEY = defineJourney({
  id: 'guest',
  name: 'a guest opens the app, creates a session, waits about 2 s, then chats 1–3 times with pauses',
  weight: 45,
  why:
    "the QA scripts' default rates (§18) as relative traffic: guest create-session 30/s, which every guest calls once, against session-list 35/s, which every logged-in user calls once: 30 : 35 ≈ 45 : 55. An assumption: those rates were chosen to test each endpoint, not measured from production traffic",
  steps: [
    { endpoint: GUEST_CREATE_SESSION, perUser: 1 },
    { endpoint: GUEST_CHAT, perUser: 2 },
  ],
  build: async ({ api, guests, prompt, branch, pause }) => {
    const messages = branch(MESSAGES.map(() => 1));
    const first = pause(FIRST_MESSAGE);
    const between = pause(BETWEEN_MESSAGES);
    return async (ctx) => {
      // A new guest, a new device: an IP of its own for its whole visit.
      const guest = guests.acquire();
      try {
        const created = await ctx.request(api.guestCreateSession(guest.ip));
        if (created.outcome !== 'ok') return;
        const n = MESSAGES[messages()]!;
        for (let i = 0; i < n; i++) {
          await ctx.sleep(i === 0 ? first() : between());
          const chat = await ctx.request(api.guestChat(guest.ip, prompt()));
          if (chat.outcome !== 'ok') return;
        }
      } finally {
        guests.release(guest, true);
      }
    };
  },
});
