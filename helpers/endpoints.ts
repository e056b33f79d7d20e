import { ACCOUNT_UPDATE } from '../perf/endpoints/account-update.ts';
import { SHOW_TOAST } from '../perf/endpoints/account-show-toast.ts';
import { ACCOUNT } from '../perf/endpoints/account.ts';
import { BLOB_UPLOAD } from '../perf/endpoints/blob-upload.ts';
import { CHAT } from '../perf/endpoints/chat.ts';
import { CONNECT_TOKEN } from '../perf/endpoints/connect-token.ts';
import { CREATE_SESSION } from '../perf/endpoints/create-session.ts';
import { GUEST_CHAT } from '../perf/endpoints/guest-chat.ts';
import { GUEST_CREATE_SESSION } from '../perf/endpoints/guest-create-session.ts';
import { HAS_APPLE_SUBSCRIPTION } from '../perf/endpoints/has-apple-subscription.ts';
import { REDEEM } from '../perf/endpoints/invitation-redeem.ts';
import { PAYMENT_LIST } from '../perf/endpoints/payment-list.ts';
import { PAYMENT_PRODUCTS } from '../perf/endpoints/payment-products.ts';
import { SESSION_INFO } from '../perf/endpoints/session-info.ts';
import { SESSION_LIST } from '../perf/endpoints/session-list.ts';
import { USER_ID } from '../perf/endpoints/user-id.ts';
import { USER_INFO } from '../perf/endpoints/user-info.ts';
import { VOICE_CHAT } from '../perf/endpoints/voice-chat.ts';
import { SHARE_READ } from '../perf/endpoints/share-read.ts';
import { DELETE_SESSION } from '../perf/endpoints/delete-session.ts';
import { RENAME_SESSION } from '../perf/endpoints/rename-session.ts';
import { CAN_UPLOAD_IMAGE } from '../perf/endpoints/can-upload-image.ts';
import { IMAGE_CHAT } from '../perf/endpoints/image-chat.ts';
import { SHARE_KEYWORD } from '../perf/endpoints/share-keyword.ts';
import { CHECK_EMAIL_REGISTERED } from '../perf/endpoints/check-email-registered.ts';
import { SEND_REGISTER_CODE } from '../perf/endpoints/send-register-code.ts';
import { GODGPT_REGISTER } from '../perf/endpoints/godgpt-register.ts';
import { LOGOUT } from '../perf/endpoints/logout.ts';
import { PAYMENT_VERIFY_RECEIPT } from '../perf/endpoints/payment-verify-receipt.ts';
import { PAYMENT_CHECKOUT_SESSION } from '../perf/endpoints/payment-checkout-session.ts';
import { PAYMENT_CANCEL_SUBSCRIPTION } from '../perf/endpoints/payment-cancel-subscription.ts';
import { INVITATION_INFO } from '../perf/endpoints/invitation-info.ts';
import { INVITATION_CREDITS_HISTORY } from '../perf/endpoints/invitation-credits-history.ts';
import type { EndpointDef } from './endpoint.ts';

/** Every endpoint, defined in `perf/endpoints/<id>.ts`, in the order the suite and `pnpm perf capacity` list them. */
export const ENDPOINTS = [
  GUEST_CREATE_SESSION,
  GUEST_CHAT,
  CREATE_SESSION,
  CHAT,
  VOICE_CHAT,
  CONNECT_TOKEN,
  SESSION_INFO,
  SESSION_LIST,
  ACCOUNT,
  ACCOUNT_UPDATE,
  SHOW_TOAST,
  REDEEM,
  USER_INFO,
  USER_ID,
  PAYMENT_LIST,
  HAS_APPLE_SUBSCRIPTION,
  BLOB_UPLOAD,
  PAYMENT_PRODUCTS,
  SHARE_READ,
  DELETE_SESSION,
  RENAME_SESSION,
  CAN_UPLOAD_IMAGE,
  IMAGE_CHAT,
  SHARE_KEYWORD,
  CHECK_EMAIL_REGISTERED,
  SEND_REGISTER_CODE,
  GODGPT_REGISTER,
  LOGOUT,
  PAYMENT_VERIFY_RECEIPT,
  PAYMENT_CHECKOUT_SESSION,
  PAYMENT_CANCEL_SUBSCRIPTION,
  INVITATION_INFO,
  INVITATION_CREDITS_HISTORY,
] as const;

export type EndpointId = (typeof ENDPOINTS)[number]['id'];
export const ENDPOINT_IDS: readonly EndpointId[] = ENDPOINTS.map((e) => e.id);

/** The env suffix of an endpoint id: `guest-chat` → `GUEST_CHAT` (for `PERF_RATE_GUEST_CHAT`, `PERF_SLO_GUEST_CHAT`). */
export function envSuffix(id: string): string {
  return id.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

/** The definition of `id`, unresolved (no scale, no overrides). */
export function endpointDef(id: string): EndpointDef {
  const def = (ENDPOINTS as readonly EndpointDef[]).find((e) => e.id === id);
  if (!def) throw new Error(`unknown endpoint "${id}"; known: ${ENDPOINT_IDS.join(', ')}`);
  return def;
}
