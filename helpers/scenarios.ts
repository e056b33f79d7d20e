import type { RequestSpec } from '../src/http/types.ts';
import type { Scenario } from '../src/load/types.ts';
import type { EndpointId } from './endpoints.ts';
import { uploadImage } from './fixtures/image.ts';
import { PERF_PROFILE_BODY } from './fixtures/profile.ts';
import { promptCycle } from './fixtures/prompts.ts';
import { asUser, guestChatFlow, newUserLoginFlow, perToken, redeemFlow, sessionInfoFlow, userChatFlow, voiceChatFlow } from './flows.ts';
import { newUsersNeeded } from './new-users.ts';
import { resolveEndpoint } from './resolve-endpoint.ts';
import type { SuiteContext } from './suite-context.ts';

/**
 * Each endpoint's scenario as its perf file runs it, set up against `suite` (logins, sessions,
 * codes happen here, before load). Used by the CLI's capacity command through the suite plugin.
 */
export async function buildScenario(id: EndpointId, suite: SuiteContext): Promise<RequestSpec | Scenario> {
  const api = suite.client.api;
  const prompt = promptCycle();
  const simple = async (build: (token: string) => RequestSpec): Promise<Scenario> => {
    const pool = await suite.pool();
    const spec = perToken(build);
    return async (ctx) => {
      await asUser(ctx, pool, spec);
    };
  };
  switch (id) {
    case 'guest-create-session':
      return async (ctx) => {
        await ctx.request(api.guestCreateSession(suite.guests.fresh()));
      };
    case 'guest-chat':
      return (ctx) => guestChatFlow(ctx, api, suite.guests, prompt());
    case 'chat': {
      const pool = await suite.pool();
      return (ctx) => userChatFlow(ctx, api, pool, prompt());
    }
    case 'voice-chat': {
      const [pool, sessions] = [await suite.pool(), await suite.sessions()];
      return (ctx) => voiceChatFlow(ctx, api, pool, sessions.next());
    }
    case 'session-info': {
      const [pool, sessions] = [await suite.pool(), await suite.sessions()];
      return (ctx) => sessionInfoFlow(ctx, api, pool, sessions);
    }
    case 'connect-token': {
      const fresh = await suite.freshUsers(newUsersNeeded(resolveEndpoint('connect-token', suite.config)));
      return (ctx) => newUserLoginFlow(ctx, api, fresh);
    }
    case 'invitation-redeem': {
      const [pool, codes] = [await suite.pool(), await suite.inviteCodes()];
      return (ctx) => redeemFlow(ctx, api, pool, codes);
    }
    case 'session-list':
      await suite.sessions();
      return simple((t) => api.sessionList(t));
    case 'create-session':
      return simple((t) => api.createSession(t));
    case 'account':
      return simple((t) => api.account(t));
    case 'account-update':
      return simple((t) => api.updateAccount(t, PERF_PROFILE_BODY));
    case 'account-show-toast':
      return simple((t) => api.showToast(t));
    case 'user-info':
      return simple((t) => api.userInfo(t));
    case 'user-id':
      return simple((t) => api.userId(t));
    case 'payment-list':
      return simple((t) => api.paymentList(t, 1, 10));
    case 'has-apple-subscription':
      return simple((t) => api.hasAppleSubscription(t));
    case 'blob-upload':
      return simple((t) => api.uploadBlob(t, uploadImage(), 'perf.png', 'image/png'));
  }
}
