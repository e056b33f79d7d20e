import { z } from 'zod';
import { SetupError } from '../../src/index.ts';
import type { UserCredential } from '../auth/users.ts';
import type { GodGptClient } from '../client/godgpt-client.ts';
import { sessionListSchema } from '../schemas/session.ts';
import { boundedAll } from './sessions.ts';

/** Sessions of the heavy user: the report's session-info row ("负载3943") and the 595 KB session-list capture (§20). */
export const HEAVY_USER_SESSIONS = 4000;

/** One user holding thousands of sessions, logged in, with their session ids (oldest first). */
export interface HeavyUser {
  token: string;
  email: string;
  sessionIds: string[];
}

export interface HeavyUserOptions {
  /** Sessions the user must hold. @default HEAVY_USER_SESSIONS */
  sessions?: number;
  /** Parallel create-session calls against a deployment. @default 8 */
  concurrency?: number;
  /** Seed through the simulator's `POST /_sim/seed-sessions` instead of the API. @default false */
  simulator?: boolean;
}

const seededSchema = z.object({ total: z.int() });

/**
 * Logs `user` in and gives them `sessions` sessions, outside any measured run: through the
 * simulator's seed route when embedded, else through `POST /api/godgpt/create-session` with bounded
 * concurrency for the sessions the user lacks (a rerun against the same deployment adds none).
 * Throws `SetupError` naming what failed.
 */
export async function seedHeavyUser(client: GodGptClient, user: UserCredential, options: HeavyUserOptions = {}): Promise<HeavyUser> {
  const want = options.sessions ?? HEAVY_USER_SESSIONS;
  const { access_token: token } = await client.login(user.email, user.password);
  const list = () => client.setup.data(client.api.sessionList(token), sessionListSchema, 'heavy user: session-list');
  let have = (await list()).length;
  if (have < want) {
    if (options.simulator) {
      const spec = {
        method: 'POST', url: `${client.baseUrl}/_sim/seed-sessions`, headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ user: user.email, count: want - have }),
      };
      const res = await client.setup.send(spec);
      const parsed = res.status === 200 ? seededSchema.safeParse(JSON.parse(res.body)) : undefined;
      if (!parsed?.success) throw new SetupError(`heavy user: POST /_sim/seed-sessions answered HTTP ${res.status}: ${res.body.slice(0, 120)}`);
    } else {
      const missing = want - have;
      const errors = await boundedAll(missing, options.concurrency ?? 8, async () => {
        await client.createSession(token);
      });
      if (errors.length > missing * 0.05) {
        throw new SetupError(`heavy user: created ${missing - errors.length} of ${missing} sessions; first error: ${(errors[0] as Error)?.message ?? 'none'}`, { cause: errors[0] });
      }
    }
  }
  const ids = (await list()).map((s) => s.sessionId);
  have = ids.length;
  if (have < want * 0.95) throw new SetupError(`heavy user: holds ${have} sessions after seeding, wanted ${want}`);
  return { token, email: user.email, sessionIds: ids };
}
