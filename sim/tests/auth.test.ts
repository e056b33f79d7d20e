import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIddictErrorSchema, tokenResponseSchema } from '../../helpers/schemas/index.ts';
import { decodeJwtPayload, signJwt, type AccessClaims } from '../jwt.ts';
import { PASSWORD, startHarness, type Harness } from './harness.ts';

let h: Harness;
let email: string;

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ client_id: 'AevatarAuthServer', ...fields }).toString(),
});

beforeAll(async () => {
  h = await startHarness('fast', { tokenLifetimeS: 120 });
  email = (await h.seed(1, 'auth'))[0]!.email;
});
afterAll(() => h.close());

describe('/connect/token', () => {
  it('issues an HS256 JWT for the Aevatar audience with sub = user GUID and a refresh token', async () => {
    const r = await h.req('/connect/token', form({ grant_type: 'password', scope: 'Aevatar offline_access', username: email.toUpperCase(), password: PASSWORD }));
    const body = tokenResponseSchema.parse(r.json());
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 120 });
    expect(Number(decodeJwtPayload(body.access_token)!['exp']) - Math.floor(Date.now() / 1000)).toBeGreaterThan(110);
    const claims = decodeJwtPayload(body.access_token)!;
    expect(claims).toMatchObject({ aud: 'Aevatar', email });
    expect(JSON.parse(Buffer.from(body.access_token.split('.')[0]!, 'base64url').toString())).toMatchObject({ alg: 'HS256' });
    expect(body.refresh_token).toBeTruthy();
  });

  it('answers OpenIddict-style 400 errors for bad grants and credentials', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ grant_type: 'password', username: email, password: 'wrong' }, 'invalid_grant'],
      [{ grant_type: 'password', username: 'nobody@teml.net', password: PASSWORD }, 'invalid_grant'],
      [{ grant_type: 'password', username: email }, 'invalid_request'],
      [{ grant_type: 'magic' }, 'unsupported_grant_type'],
      [{ username: email }, 'invalid_request'],
      [{ grant_type: 'refresh_token', refresh_token: 'bogus' }, 'invalid_grant'],
      [{ grant_type: 'google', id_token: 'not-a-jwt' }, 'invalid_grant'],
    ];
    for (const [fields, error] of cases) {
      const r = await h.req('/connect/token', form(fields));
      expect(r.status).toBe(400);
      expect(openIddictErrorSchema.parse(r.json()).error).toBe(error);
    }
    const badClient = await h.req('/connect/token', { ...form({ grant_type: 'password' }), body: 'grant_type=password&client_id=other' });
    expect(openIddictErrorSchema.parse(badClient.json()).error).toBe('invalid_client');
    const json = await h.req('/connect/token', { method: 'POST', json: { grant_type: 'password' } });
    expect(json.status).toBe(400);
  });

  it('refresh grant returns a new working token and rotates the refresh token', async () => {
    const first = await h.login(email);
    const r = await h.req('/connect/token', form({ grant_type: 'refresh_token', refresh_token: first.refresh_token }));
    const next = tokenResponseSchema.parse(r.json());
    expect(next.refresh_token).not.toBe(first.refresh_token);
    expect((await h.req('/api/query/user-id', { token: next.access_token })).status).toBe(200);
    const reuse = await h.req('/connect/token', form({ grant_type: 'refresh_token', refresh_token: first.refresh_token }));
    expect(reuse.status).toBe(400);
  });

  it('google grant accepts an unsigned ID token with an email claim and creates the user once', async () => {
    const idToken = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ email: 'g.user@gmail.com', sub: 'google-123' })).toString('base64url')}.`;
    const first = tokenResponseSchema.parse((await h.req('/connect/token', form({ grant_type: 'google', id_token: idToken, source: 'ios' }))).json());
    expect(decodeJwtPayload(first.access_token)).toMatchObject({ is_new_user: true, email: 'g.user@gmail.com' });
    const second = tokenResponseSchema.parse((await h.req('/connect/token', form({ grant_type: 'google', id_token: idToken }))).json());
    expect(decodeJwtPayload(second.access_token)).toMatchObject({ is_new_user: false, sub: decodeJwtPayload(first.access_token)!['sub'] });
  });
});

describe('bearer authentication', () => {
  it('rejects missing, badly signed and expired tokens: 401 empty on MVC, text on chat', async () => {
    const good = (await h.login(email)).access_token;
    expect((await h.req('/api/query/user-id', { token: good })).status).toBe(200);
    const claims = decodeJwtPayload(good) as unknown as AccessClaims;
    const forged = signJwt(claims, 'another-secret-key');
    const wrongAud = signJwt({ ...claims, aud: 'Other' }, 'godgpt-simulator-signing-key');
    for (const token of [undefined, forged, wrongAud, 'garbage', `${good}x`]) {
      const r = await h.req('/api/godgpt/account', { token });
      expect([r.status, r.text]).toEqual([401, '']);
      const c = await h.req('/api/gotgpt/chat', { method: 'POST', token, json: { content: 'x' } });
      expect([c.status, c.text]).toEqual([401, 'Unauthorized: User is not authenticated.']);
    }
    const expiredToken = signJwt({ ...claims, exp: Math.floor(Date.now() / 1000) - 5 }, 'godgpt-simulator-signing-key');
    const expired = await h.req('/api/godgpt/account', { token: expiredToken });
    expect([expired.status, expired.text]).toEqual([401, '']);
  });
});
