import { createHmac, timingSafeEqual } from 'node:crypto';

/** Claims of a simulator access token (a subset of OpenIddict's). */
export interface AccessClaims {
  sub: string;
  aud: string;
  iss: string;
  exp: number;
  iat: number;
  jti: string;
  scope: string;
  client_id: string;
  email?: string;
  is_new_user?: boolean;
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'at+jwt' })).toString('base64url');

export function signJwt(claims: AccessClaims, secret: string): string {
  const body = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

export type VerifyResult = { ok: true; claims: AccessClaims } | { ok: false; reason: 'malformed' | 'signature' | 'expired' | 'audience' };

/** Verifies an HS256 token: signature, `exp` and audience. */
export function verifyJwt(token: string, secret: string, audience: string, nowS: number): VerifyResult {
  const first = token.indexOf('.');
  const last = token.lastIndexOf('.');
  if (first <= 0 || last === first) return { ok: false, reason: 'malformed' };
  const body = token.slice(0, last);
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(token.slice(last + 1), 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature' };
  let claims: AccessClaims;
  try {
    claims = JSON.parse(Buffer.from(token.slice(first + 1, last), 'base64url').toString('utf8')) as AccessClaims;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number') return { ok: false, reason: 'malformed' };
  if (claims.exp <= nowS) return { ok: false, reason: 'expired' };
  if (claims.aud !== audience) return { ok: false, reason: 'audience' };
  return { ok: true, claims };
}

/** Decodes the payload of an unsigned (or any) JWT without verifying it; `undefined` if malformed. */
export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length < 2 || !parts[1]) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
