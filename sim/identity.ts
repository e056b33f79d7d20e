import type { IncomingMessage } from 'node:http';
import type { Ctx } from './ctx.ts';
import { simSigningKey, verifyJwt, type AccessClaims } from './jwt.ts';

export const AUDIENCE = 'Aevatar';

/** Verified bearer claims, or `undefined` for a missing, malformed, badly signed or expired token. */
export function bearer(ctx: Ctx): AccessClaims | undefined {
  const h = ctx.req.headers.authorization;
  if (!h || h.length < 8 || h.slice(0, 7).toLowerCase() !== 'bearer ') return undefined;
  const r = verifyJwt(h.slice(7).trim(), simSigningKey(), AUDIENCE, Math.floor(Date.now() / 1000));
  return r.ok ? r.claims : undefined;
}

/** Guest identity: first `X-Forwarded-For` entry, then `X-Real-IP`, then the socket, then 127.0.0.1. */
export function clientIp(req: IncomingMessage): string {
  const xff = req.headers['x-forwarded-for'];
  const first = (Array.isArray(xff) ? xff[0] : xff)?.split(',')[0]?.trim();
  if (first) return first;
  const real = req.headers['x-real-ip'];
  const r = (Array.isArray(real) ? real[0] : real)?.trim();
  if (r) return r;
  return req.socket.remoteAddress ?? '127.0.0.1';
}

export const GUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
