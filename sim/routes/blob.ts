import { readBody } from '../body.ts';
import type { Ctx } from '../ctx.ts';
import { bearer } from '../identity.ts';
import { actingUser, initialiseNewUser, mvc } from '../mvc.ts';
import { guid } from '../rng.ts';
import type { Route } from '../router.ts';
import { UPLOAD_LIMIT_MESSAGE, uploadsToday } from './account.ts';

/** Multipart framing allowed on top of the file itself. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

function tooLargeMessage(maxBytes: number): string {
  return `The file is too large. Maximum allowed size is ${Math.round(maxBytes / 1024 / 1024)} MB.`;
}

/**
 * `POST /api/godgpt/blob`: multipart with one file field `File`. Bodies past the limit are refused
 * as soon as `Content-Length` (or the streamed size) shows it, without buffering the rest.
 */
async function upload(ctx: Ctx): Promise<void> {
  const claims = bearer(ctx);
  if (!claims) return ctx.empty(401);
  const { config, state } = ctx.rt;
  const type = ctx.req.headers['content-type'] ?? '';
  if (!type.toLowerCase().startsWith('multipart/form-data')) return ctx.fail('The request must be multipart/form-data with a File field.');
  const buf = await readBody(ctx, config.uploadMaxBytes + MULTIPART_OVERHEAD_BYTES, () => ctx.fail(tooLargeMessage(config.uploadMaxBytes)));
  if (buf === null) return;
  let form: FormData;
  try {
    form = await new Request('http://sim.local/blob', { method: 'POST', headers: { 'content-type': type }, body: new Uint8Array(buf) }).formData();
  } catch {
    return ctx.fail('The multipart body could not be parsed.');
  }
  const value = form.get('File') ?? form.get('file');
  const file = value !== null && typeof value !== 'string' ? value : undefined;
  if (!file) return ctx.fail('The File field is required.');
  if (file.size > config.uploadMaxBytes) return ctx.fail(tooLargeMessage(config.uploadMaxBytes));
  if (!(await ctx.work('blobUpload', initialiseNewUser(ctx, claims)))) return;
  const user = actingUser(ctx, claims, {});
  const now = Date.now();
  if (!user.subscriber && uploadsToday(user, now) >= config.uploadDailyLimit) return ctx.fail(UPLOAD_LIMIT_MESSAGE);
  user.uploads.count++;
  const ext = /\.[A-Za-z0-9]{1,8}$/.exec(file.name)?.[0]?.toLowerCase() ?? '';
  const name = `${guid(ctx.rt.rand)}${ext}`;
  state.blobs.set(name, { name, owner: user.id, size: file.size });
  ctx.ok(name);
}

const remove = mvc('blobDelete', (ctx, { claims, params }) => {
  const name = params['name'] ?? '';
  const blob = ctx.rt.state.blobs.get(name);
  if (blob && blob.owner === claims!.sub) ctx.rt.state.blobs.delete(name);
  ctx.emptyResult();
});

export const blobRoutes: Route[] = [
  { method: 'POST', pattern: '/api/godgpt/blob', handler: upload },
  { method: 'DELETE', pattern: '/api/godgpt/blob/:name', handler: remove },
];
