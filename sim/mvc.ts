import { asObject, readJson } from './body.ts';
import type { Ctx } from './ctx.ts';
import { bearer, GUID_RE } from './identity.ts';
import type { AccessClaims } from './jwt.ts';
import type { EndpointKey } from './model.ts';
import type { Handler, Params } from './router.ts';
import type { User } from './state.ts';

export interface MvcInput {
  claims: AccessClaims | undefined;
  /** The JSON body as an object (`{}` when absent). */
  body: Record<string, unknown>;
  params: Params;
}

export interface MvcOptions {
  /** `required` (401 with an empty body without a valid token), `optional` or `none`. @default 'required' */
  auth?: 'required' | 'optional' | 'none';
  /** Read a JSON body. @default false */
  body?: boolean;
  /** Extra service time of this call (ms, before `timeScale`), e.g. growing with the response. @default none */
  extraMs?: (ctx: Ctx, claims: AccessClaims | undefined) => number;
  /** Route parameters bound as `Guid`: a value that is not one fails model validation (`"-1"`). @default [] */
  guidParams?: string[];
}

/**
 * An MVC endpoint behind the JWT middleware and `AutoResponseWrapper`: auth, JSON body, the
 * endpoint's worker gate, then the handler (which answers through `ctx.ok`/`ctx.fail`).
 */
export function mvc(key: EndpointKey, handler: (ctx: Ctx, input: MvcInput) => unknown, options: MvcOptions = {}): Handler {
  const auth = options.auth ?? 'required';
  return async (ctx, params) => {
    const claims = auth === 'none' ? undefined : bearer(ctx);
    if (auth === 'required' && !claims) return ctx.empty(401);
    let body: Record<string, unknown> = {};
    if (options.body) {
      const r = await readJson(ctx, ctx.rt.config.jsonBodyLimitBytes, () => ctx.text(413, 'Request body too large.'));
      if (r === null) return;
      if (r.ok) {
        const o = asObject(r.value);
        if (!o) return ctx.invalid({ member: 'input', message: 'The input field is required.' });
        body = o;
      } else if (r.reason === 'invalid') return ctx.invalid({ member: '$', message: 'The JSON value could not be converted.' });
    }
    for (const name of options.guidParams ?? []) {
      const v = params[name] ?? '';
      if (!GUID_RE.test(v)) return ctx.invalid({ member: name, message: `The value '${v}' is not valid.` });
    }
    if (!(await ctx.work(key, (options.extraMs?.(ctx, claims) ?? 0) + initialiseNewUser(ctx, claims)))) return;
    return handler(ctx, { claims, body, params });
  };
}

/**
 * A new user's first authenticated call: its grains are activated for the first time and its
 * account initialised (initial credits). Burns `newUserInitCpuMs` of silo CPU and returns
 * `newUserInitMs` of extra service time (before `timeScale`), once per user; 0 for any other call.
 */
export function initialiseNewUser(ctx: Ctx, claims: AccessClaims | undefined): number {
  if (!claims) return 0;
  const user = ctx.rt.state.usersById.get(claims.sub);
  if (!user || user.creditsInitialized) return 0;
  user.creditsInitialized = true;
  user.credits = ctx.rt.config.initialCredits;
  ctx.rt.stats.newUserInitsTotal++;
  ctx.rt.burnCpu(ctx.rt.config.newUserInitCpuMs);
  return ctx.rt.config.newUserInitMs;
}

/**
 * The user an MVC or chat call acts for: the token's `sub`, or in pressure mode a body `userId`.
 * Grains exist for any id, so an id unknown to the user table gets a blank user.
 */
export function actingUser(ctx: Ctx, claims: AccessClaims, body: Record<string, unknown>): User {
  const now = Date.now();
  const id = body['userId'];
  if (ctx.rt.config.pressureMode && typeof id === 'string' && GUID_RE.test(id)) return ctx.rt.state.userFor(id.toLowerCase(), now, true)!;
  return ctx.rt.state.userFor(claims.sub, now, true)!;
}
