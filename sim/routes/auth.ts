import { randomBytes } from 'node:crypto';
import { readBody } from '../body.ts';
import type { Ctx } from '../ctx.ts';
import { AUDIENCE } from '../identity.ts';
import { decodeJwtPayload, jwks, signJwt } from '../jwt.ts';
import { mvc } from '../mvc.ts';
import { guid } from '../rng.ts';
import type { Route } from '../router.ts';
import { hashPassword, type User } from '../state.ts';

export const CLIENT_ID = 'AevatarAuthServer';
const DEFAULT_SCOPE = 'Aevatar offline_access';
const FORM_LIMIT_BYTES = 64 * 1024;
/** Oldest refresh tokens are forgotten past this many (bounded memory under login load). */
const MAX_REFRESH_TOKENS = 200_000;

function oidcError(ctx: Ctx, error: string, description: string): void {
  ctx.json(400, { error, error_description: description, error_uri: `https://documentation.openiddict.com/errors/${error === 'invalid_grant' ? 'ID2024' : 'ID2000'}` });
}

function issue(ctx: Ctx, user: User, scope: string, isNewUser?: boolean): void {
  const { config, state } = ctx.rt;
  const now = Date.now();
  const nowS = Math.floor(now / 1000);
  const name = user.email || user.id;
  const access = signJwt({
    iss: `http://${ctx.req.headers.host ?? '127.0.0.1'}/`, exp: nowS + config.tokenLifetimeS, iat: nowS, aud: AUDIENCE, scope,
    jti: guid(ctx.rt.rand), sub: user.id, role: 'basicUser', preferred_username: name, unique_name: name,
    oi_prst: CLIENT_ID, oi_tkn_id: guid(ctx.rt.rand), client_id: CLIENT_ID, ...(user.email ? { email: user.email } : {}),
    ...(isNewUser === undefined ? {} : { is_new_user: isNewUser }),
  });
  const body: Record<string, unknown> = { access_token: access, token_type: 'Bearer', expires_in: config.tokenLifetimeS };
  if (scope.split(' ').includes('offline_access')) {
    const refresh = randomBytes(24).toString('base64url');
    state.refreshTokens.set(refresh, { userId: user.id, expMs: now + config.refreshTokenLifetimeS * 1000, scope });
    if (state.refreshTokens.size > MAX_REFRESH_TOKENS) state.refreshTokens.delete(state.refreshTokens.keys().next().value!);
    body['refresh_token'] = refresh;
  }
  ctx.json(200, body);
}

/** `POST /connect/token`: password, refresh_token and (simulated) google grants, OpenIddict-style errors. */
async function connectToken(ctx: Ctx): Promise<void> {
  const type = ctx.req.headers['content-type'] ?? '';
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return oidcError(ctx, 'invalid_request', "The specified 'Content-Type' header is invalid.");
  }
  const buf = await readBody(ctx, FORM_LIMIT_BYTES, () => ctx.text(413, 'Request body too large.'));
  if (buf === null) return;
  const form = new URLSearchParams(buf.toString('utf8'));
  const grant = form.get('grant_type');
  if (!grant) return oidcError(ctx, 'invalid_request', "The mandatory 'grant_type' parameter is missing.");
  if (form.get('client_id') !== CLIENT_ID) return oidcError(ctx, 'invalid_client', "The specified 'client_id' is invalid.");
  if (!['password', 'refresh_token', 'google'].includes(grant)) return oidcError(ctx, 'unsupported_grant_type', "The specified 'grant_type' is not supported.");
  if (!(await ctx.work('token'))) return;
  const { config, state } = ctx.rt;
  const scope = form.get('scope')?.trim() || DEFAULT_SCOPE;
  const now = Date.now();
  if (grant === 'password') {
    const username = form.get('username');
    const password = form.get('password');
    if (!username || !password) return oidcError(ctx, 'invalid_request', "The mandatory 'username' and/or 'password' parameters are missing.");
    const user = state.findUserByEmail(username, config.faults.emailLookup);
    if (!user || user.deleted || user.passwordHash !== hashPassword(password)) return oidcError(ctx, 'invalid_grant', 'The username/password couple is invalid.');
    return issue(ctx, user, scope);
  }
  if (grant === 'refresh_token') {
    const token = form.get('refresh_token');
    if (!token) return oidcError(ctx, 'invalid_request', "The mandatory 'refresh_token' parameter is missing.");
    const entry = state.refreshTokens.get(token);
    const user = entry && state.usersById.get(entry.userId);
    if (!entry || entry.expMs <= now || !user || user.deleted) return oidcError(ctx, 'invalid_grant', 'The specified refresh token is invalid.');
    if (config.refreshTokenRotation) state.refreshTokens.delete(token);
    return issue(ctx, user, entry.scope);
  }
  const idToken = form.get('id_token');
  if (!idToken) return oidcError(ctx, 'invalid_request', "The mandatory 'id_token' parameter is missing.");
  const claims = decodeJwtPayload(idToken);
  const email = claims?.['email'];
  const exp = claims?.['exp'];
  if (!claims || typeof email !== 'string' || !email.includes('@') || (typeof exp === 'number' && exp * 1000 <= now)) {
    return oidcError(ctx, 'invalid_grant', 'The specified Google ID token is invalid.');
  }
  const sub = typeof claims['sub'] === 'string' ? claims['sub'] : email;
  let user = state.usersByGoogle.get(sub) ?? state.findUserByEmail(`${email}@google`, 'index') ?? state.findUserByEmail(email, 'index');
  const isNew = !user;
  if (!user) user = state.createUser(email, null, now);
  user.googleSub = sub;
  state.usersByGoogle.set(sub, user);
  return issue(ctx, user, scope, isNew);
}

const register = mvc('register', (ctx, { body }) => {
  const email = body['emailAddress'];
  const password = body['password'];
  const code = body['code'];
  if (typeof email !== 'string' || !email.includes('@')) return ctx.invalid({ member: 'EmailAddress', message: 'The EmailAddress field is not a valid e-mail address.' });
  if (typeof password !== 'string' || password.length < 6) return ctx.invalid({ member: 'Password', message: 'The field Password must be a string with a minimum length of 6.' });
  if (typeof code !== 'string' || code === '') return ctx.invalid({ member: 'Code', message: 'The Code field is required.' });
  const { state } = ctx.rt;
  if (state.usersByEmail.has(email.toUpperCase())) return ctx.fail(`Email '${email}' is already taken.`);
  const user = state.createUser(email, password, Date.now());
  ctx.ok({ id: user.id, userName: email, email });
}, { auth: 'none', body: true });

/** A registered email is a `UserFriendlyException` mentioning it; an unregistered one gets the void result `"20001"` (§20). */
const sendRegisterCode = mvc('sendRegisterCode', (ctx, { body }) => {
  const email = typeof body['email'] === 'string' ? body['email'] : body['emailAddress'];
  if (typeof email !== 'string' || email === '') return ctx.invalid({ member: 'Email', message: 'The Email field is required.' });
  const u = ctx.rt.state.usersByEmail.get(email.toUpperCase());
  if (u && !u.deleted) return ctx.fail(`The email ${email} has already been registered.`);
  ctx.emptyResult();
}, { auth: 'none', body: true });

/**
 * `GET /api/account/logout`: a void action (§20: `"20000"` or `"20001"`). It signs out on the auth
 * side and touches no GodGPT grain, so it is no first use of an account (no initialisation).
 */
const logout = mvc('logout', (ctx) => ctx.emptyResult(), { auth: 'none' });

const checkEmail = mvc('checkEmail', (ctx, { body }) => {
  const email = body['emailAddress'];
  if (typeof email !== 'string') return ctx.invalid({ member: 'EmailAddress', message: 'The EmailAddress field is required.' });
  const u = ctx.rt.state.usersByEmail.get(email.toUpperCase());
  ctx.ok(Boolean(u && !u.deleted));
}, { auth: 'none', body: true });

export const authRoutes: Route[] = [
  { method: 'POST', pattern: '/connect/token', handler: connectToken },
  { method: 'POST', pattern: '/api/account/godgpt-register', handler: register },
  { method: 'POST', pattern: '/api/account/send-register-code', handler: sendRegisterCode },
  { method: 'POST', pattern: '/api/account/check-email-registered', handler: checkEmail },
  { method: 'GET', pattern: '/api/account/logout', handler: logout },
  { method: 'GET', pattern: '/.well-known/jwks', handler: (ctx) => ctx.json(200, jwks()) },
];
