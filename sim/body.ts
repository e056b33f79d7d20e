import type { Ctx } from './ctx.ts';

/** Bytes read and discarded after an oversized body before the socket is dropped. */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Reads the request body up to `limitBytes`. Past the limit (by `Content-Length` up front, or
 * while streaming) it calls `tooLarge` to answer, discards the rest without buffering it, and
 * resolves `null`; it also resolves `null` when the client goes away.
 */
export function readBody(ctx: Ctx, limitBytes: number, tooLarge: () => void): Promise<Buffer | null> {
  const req = ctx.req;
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limitBytes) {
    reject(ctx, tooLarge, 0);
    return Promise.resolve(null);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (v: Buffer | null) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      resolve(v);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        chunks.length = 0;
        finish(null);
        reject(ctx, tooLarge, size);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    const onError = () => finish(null);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    ctx.onAbort(() => finish(null));
  });
}

function reject(ctx: Ctx, tooLarge: () => void, alreadyRead: number): void {
  const req = ctx.req;
  ctx.res.setHeader('Connection', 'close');
  tooLarge();
  let drained = alreadyRead;
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_LIMIT_BYTES) req.socket.destroy();
  });
  req.resume();
}

export type JsonResult = { ok: true; value: unknown } | { ok: false; reason: 'empty' | 'invalid' } | null;

/** Reads and parses a JSON body; `null` when the request already got its answer (too large, gone). */
export async function readJson(ctx: Ctx, limitBytes: number, tooLarge: () => void): Promise<JsonResult> {
  const buf = await readBody(ctx, limitBytes, tooLarge);
  if (buf === null) return null;
  const text = buf.toString('utf8').trim();
  if (text === '') return { ok: false, reason: 'empty' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reason: 'invalid' };
  }
}

const CASE_INSENSITIVE: ProxyHandler<Record<string, unknown>> = {
  get(target, key) {
    if (typeof key !== 'string' || Object.hasOwn(target, key)) return target[key as string];
    const lower = key.toLowerCase();
    for (const k of Object.keys(target)) if (k.toLowerCase() === lower) return target[k];
    return undefined;
  },
};

/**
 * The value as a plain object whose fields read case-insensitively (`UserId` answers for
 * `userId`), as ASP.NET model binding and Newtonsoft deserialisation read them; or `undefined`.
 */
export function asObject(v: unknown): Record<string, unknown> | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  return new Proxy(v as Record<string, unknown>, CASE_INSENSITIVE);
}

export function str(o: Record<string, unknown>, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' ? v : undefined;
}
