import type { Ctx } from '../ctx.ts';
import { actingUser, mvc } from '../mvc.ts';
import { dotnetLocalDate, MIN_DATE } from '../rng.ts';
import type { Route } from '../router.ts';
import type { User } from '../state.ts';

const NO_SUBSCRIPTION = { isActive: false, planType: 0, status: 0, startDate: MIN_DATE, endDate: MIN_DATE, subscriptionIds: [], invoiceIds: [] };

export function profileOf(user: User) {
  return {
    gender: user.gender, birthDate: user.birthDate, birthPlace: user.birthPlace, fullName: user.fullName, id: user.id,
    inviterId: user.inviterId, voiceLanguage: user.voiceLanguage, isFirstConversation: !user.chatted,
    credits: { isInitialized: user.creditsInitialized, credits: user.credits, shouldShowToast: user.shouldShowToast },
    subscription: NO_SUBSCRIPTION, ultimateSubscription: NO_SUBSCRIPTION,
  };
}

/** Parses `03/15/1995` or ISO dates into the .NET output for a zoneless date (`1995-03-15T00:00:00`); `undefined` if unparsable. */
function parseBirthDate(v: unknown): string | null | undefined {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v !== 'string') return undefined;
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  const ms = us ? Date.UTC(Number(us[3]), Number(us[1]) - 1, Number(us[2])) : Date.parse(v);
  return Number.isNaN(ms) ? undefined : dotnetLocalDate(ms);
}

const accountGet = mvc('accountGet', (ctx, { claims }) => ctx.ok(profileOf(actingUser(ctx, claims!, {}))));

const accountPut = mvc('accountPut', (ctx, { claims, body }) => {
  ctx.rt.burnCpu(ctx.rt.config.faults.accountPutCpuMs);
  const user = actingUser(ctx, claims!, body);
  const birthDate = parseBirthDate(body['birthDate']);
  if (birthDate === undefined) return ctx.invalid({ member: 'BirthDate', message: `The JSON value could not be converted to System.DateTime.` });
  for (const k of ['gender', 'birthPlace', 'fullName'] as const) {
    const v = body[k];
    if (v !== undefined && v !== null && typeof v !== 'string' && typeof v !== 'number') return ctx.invalid({ member: k, message: `The ${k} field is invalid.` });
  }
  user.gender = body['gender'] === undefined || body['gender'] === null ? null : String(body['gender']);
  user.birthDate = birthDate;
  user.birthPlace = typeof body['birthPlace'] === 'string' ? body['birthPlace'] : null;
  user.fullName = typeof body['fullName'] === 'string' ? body['fullName'] : null;
  ctx.ok(user.id);
}, { body: true });

const accountDelete = mvc('accountDelete', (ctx, { claims }) => {
  const { state } = ctx.rt;
  const user = actingUser(ctx, claims!, {});
  for (const s of state.sessionsOf(user.id)) state.freeSession(s.id);
  user.deleted = true;
  ctx.ok(user.id);
});

const showToast = mvc('showToast', (ctx, { claims, body }) => {
  const user = actingUser(ctx, claims!, body);
  user.shouldShowToast = false;
  ctx.ok(user.id);
}, { body: true });

const voiceSet = mvc('voiceSet', (ctx, { claims, body }) => {
  const lang = body['voiceLanguage'];
  if (typeof lang !== 'number' || !Number.isInteger(lang) || lang < 0 || lang > 2) return ctx.invalid({ member: 'VoiceLanguage', message: 'The VoiceLanguage field is invalid.' });
  const user = actingUser(ctx, claims!, {});
  user.voiceLanguage = lang;
  ctx.ok(profileOf(user));
}, { body: true });

export function uploadsToday(user: User, now: number): number {
  const day = Math.floor(now / 86_400_000);
  if (user.uploads.day !== day) user.uploads = { day, count: 0 };
  return user.uploads.count;
}

export const UPLOAD_LIMIT_MESSAGE = 'Daily upload limit reached. Upgrade to premium to continue.';

const canUploadImage = mvc('canUploadImage', (ctx, { claims }) => {
  const user = actingUser(ctx, claims!, {});
  const can = user.subscriber || uploadsToday(user, Date.now()) < ctx.rt.config.uploadDailyLimit;
  ctx.ok({ canUpload: can, reason: can ? null : UPLOAD_LIMIT_MESSAGE });
});

const queryVersion = mvc('queryVersion', (ctx: Ctx) => ctx.ok(ctx.rt.config.version), { auth: 'none' });

const userInfo = mvc('userInfo', (ctx, { claims }) => {
  const user = actingUser(ctx, claims!, {});
  const relay = user.email.endsWith('@privaterelay.appleid.com');
  ctx.ok({ uid: user.id, ...(user.email && !relay ? { email: user.email } : {}), avatar: null, name: user.fullName ?? (user.email.split('@')[0] || null) });
});

/** Straight from the token, no state lookup. */
const userId = mvc('userId', (ctx, { claims }) => ctx.ok(claims!.sub));

export const accountRoutes: Route[] = [
  { method: 'GET', pattern: '/api/godgpt/account', handler: accountGet },
  { method: 'PUT', pattern: '/api/godgpt/account', handler: accountPut },
  { method: 'DELETE', pattern: '/api/godgpt/account', handler: accountDelete },
  { method: 'POST', pattern: '/api/godgpt/account/show-toast', handler: showToast },
  { method: 'POST', pattern: '/api/godgpt/voice/set', handler: voiceSet },
  { method: 'GET', pattern: '/api/godgpt/can-upload-image', handler: canUploadImage },
  { method: 'GET', pattern: '/api/godgpt/query-version', handler: queryVersion },
  { method: 'GET', pattern: '/api/profile/user-info', handler: userInfo },
  { method: 'GET', pattern: '/api/query/user-id', handler: userId },
];
