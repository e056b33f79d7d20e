import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIddictErrorSchema, tokenResponseSchema } from '../../helpers/schemas/index.ts';
import { createSigningKey, decodeJwtPayload, signJwt, type AccessClaims } from '../jwt.ts';
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
  it('issues an RS256 JWT for the Aevatar audience with sub = user GUID and a refresh token', async () => {
    const r = await h.req('/connect/token', form({ grant_type: 'password', scope: 'Aevatar offline_access', username: email.toUpperCase(), password: PASSWORD }));
    const body = tokenResponseSchema.parse(r.json());
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 120 });
    expect(Number(decodeJwtPayload(body.access_token)!['exp']) - Math.floor(Date.now() / 1000)).toBeGreaterThan(110);
    const claims = decodeJwtPayload(body.access_token)!;
    expect(claims).toMatchObject({ aud: 'Aevatar', email });
    expect(JSON.parse(Buffer.from(body.access_token.split('.')[0]!, 'base64url').toString())).toMatchObject({ alg: 'RS256' });
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

describe('access tokens look like the captured real ones (§20)', () => {
  it('RS256 with kid, x5t and typ at+jwt; the captured claims; 172,799 s by default', async () => {
    const other = await startHarness('reference');
    try {
      const u = await other.seed(1);
      const t = await other.login(u[0]!.email);
      expect(t.expires_in).toBe(172_799);
      const header = JSON.parse(Buffer.from(t.access_token.split('.')[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;
      expect(header).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
      expect(header['kid']).toMatch(/^[0-9A-F]{40}$/);
      expect(typeof header['x5t']).toBe('string');
      const claims = decodeJwtPayload(t.access_token)!;
      for (const k of ['sub', 'role', 'preferred_username', 'unique_name', 'oi_prst', 'oi_tkn_id', 'client_id', 'iss', 'aud', 'exp', 'iat']) expect(claims, k).toHaveProperty(k);
      expect(claims['aud']).toBe('Aevatar');
      expect(Number(claims['exp']) - Number(claims['iat'])).toBe(172_799);
      const keys = (await other.req('/.well-known/jwks')).json() as { keys: { kid: string; kty: string }[] };
      expect(keys.keys[0]).toMatchObject({ kid: header['kid'], kty: 'RSA' });
    } finally {
      await other.close();
    }
  });
});

describe('bearer authentication', () => {
  it('rejects missing, badly signed and expired tokens: 401 empty on MVC, text on chat', async () => {
    const good = (await h.login(email)).access_token;
    expect((await h.req('/api/query/user-id', { token: good })).status).toBe(200);
    const claims = decodeJwtPayload(good) as unknown as AccessClaims;
    const forged = signJwt(claims, createSigningKey());
    const wrongAud = signJwt({ ...claims, aud: 'Other' });
    for (const token of [undefined, forged, wrongAud, 'garbage', `${good}x`]) {
      const r = await h.req('/api/godgpt/account', { token });
      expect([r.status, r.text]).toEqual([401, '']);
      const c = await h.req('/api/gotgpt/chat', { method: 'POST', token, json: { content: 'x' } });
      expect([c.status, c.text]).toEqual([401, 'Unauthorized: User is not authenticated.']);
    }
    const expiredToken = signJwt({ ...claims, exp: Math.floor(Date.now() / 1000) - 5 });
    const expired = await h.req('/api/godgpt/account', { token: expiredToken });
    expect([expired.status, expired.text]).toEqual([401, '']);
  });
});
