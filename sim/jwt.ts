import { createHash, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

/** Claims of a simulator access token: those of the captured real tokens (§20) plus scope. */
export interface AccessClaims {
  sub: string;
  aud: string;
  iss: string;
  exp: number;
  iat: number;
  jti: string;
  scope: string;
  client_id: string;
  role?: string;
  preferred_username?: string;
  unique_name?: string;
  oi_prst?: string;
  oi_tkn_id?: string;
  email?: string;
  is_new_user?: boolean;
}

/** An RS256 signing key with its `kid` and `x5t` header values. */
export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  kid: string;
  header: string;
}

let processKey: SigningKey | undefined;

/** A fresh RSA-2048 signing key (`kid`: the key's SHA-256 thumbprint, upper-case hex like OpenIddict's). */
export function createSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const kid = createHash('sha256').update(der).digest('hex').slice(0, 40).toUpperCase();
  const x5t = createHash('sha1').update(der).digest('base64url');
  const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid, x5t, typ: 'at+jwt' })).toString('base64url');
  return { privateKey, publicKey, kid, header };
}

/** The process's signing key, made once (key generation takes tens of ms). */
export function simSigningKey(): SigningKey {
  return (processKey ??= createSigningKey());
}

export function signJwt(claims: AccessClaims, key: SigningKey = simSigningKey()): string {
  const body = `${key.header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${body}.${sign('sha256', Buffer.from(body), key.privateKey).toString('base64url')}`;
}

export type VerifyResult = { ok: true; claims: AccessClaims } | { ok: false; reason: 'malformed' | 'signature' | 'expired' | 'audience' };

/** Verified tokens (signature checked once per token; `exp` on every use). */
const verified = new Map<string, AccessClaims>();
const MAX_VERIFIED = 50_000;

/** Verifies an RS256 token: signature (cached per token), `exp` and audience. */
export function verifyJwt(token: string, key: SigningKey, audience: string, nowS: number): VerifyResult {
  let claims = verified.get(token);
  if (claims === undefined) {
    const first = token.indexOf('.');
    const last = token.lastIndexOf('.');
    if (first <= 0 || last === first) return { ok: false, reason: 'malformed' };
    const given = Buffer.from(token.slice(last + 1), 'base64url');
    let good = false;
    try {
      good = verify('sha256', Buffer.from(token.slice(0, last)), key.publicKey, given);
    } catch {
      good = false;
    }
    if (!good) return { ok: false, reason: 'signature' };
    try {
      claims = JSON.parse(Buffer.from(token.slice(first + 1, last), 'base64url').toString('utf8')) as AccessClaims;
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number') return { ok: false, reason: 'malformed' };
    if (verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value!);
    verified.set(token, claims);
  }
  if (claims.exp <= nowS) return { ok: false, reason: 'expired' };
  if (claims.aud !== audience) return { ok: false, reason: 'audience' };
  return { ok: true, claims };
}

/** The public key as a JWK set (`GET /.well-known/jwks`). */
export function jwks(key: SigningKey = simSigningKey()): { keys: Record<string, unknown>[] } {
  const jwk = key.publicKey.export({ format: 'jwk' });
  return { keys: [{ ...jwk, kid: key.kid, use: 'sig', alg: 'RS256' }] };
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
