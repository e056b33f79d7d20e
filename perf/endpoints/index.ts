import { fileURLToPath } from 'node:url';
import { registerEndpoints } from '../../helpers/endpoints.ts';
import { ACCOUNT } from './account.ts';
import { ACCOUNT_UPDATE } from './account-update.ts';
import { BLOB_UPLOAD } from './blob-upload.ts';
import { CAN_UPLOAD_IMAGE } from './can-upload-image.ts';
import { CHAT } from './chat.ts';
import { CHECK_EMAIL_REGISTERED } from './check-email-registered.ts';
import { CONNECT_TOKEN } from './connect-token.ts';
import { CREATE_SESSION } from './create-session.ts';
import { DELETE_SESSION } from './delete-session.ts';
import { GODGPT_REGISTER } from './godgpt-register.ts';
import { GUEST_CHAT } from './guest-chat.ts';
import { GUEST_CREATE_SESSION } from './guest-create-session.ts';
import { HAS_APPLE_SUBSCRIPTION } from './has-apple-subscription.ts';
import { IMAGE_CHAT } from './image-chat.ts';
import { INVITATION_CREDITS_HISTORY } from './invitation-credits-history.ts';
import { INVITATION_INFO } from './invitation-info.ts';
import { LOGOUT } from './logout.ts';
import { PAYMENT_CANCEL_SUBSCRIPTION } from './payment-cancel-subscription.ts';
import { PAYMENT_CHECKOUT_SESSION } from './payment-checkout-session.ts';
import { PAYMENT_LIST } from './payment-list.ts';
import { PAYMENT_PRODUCTS } from './payment-products.ts';
import { PAYMENT_VERIFY_RECEIPT } from './payment-verify-receipt.ts';
import { REDEEM } from './invitation-redeem.ts';
import { RENAME_SESSION } from './rename-session.ts';
import { SEND_REGISTER_CODE } from './send-register-code.ts';
import { SESSION_INFO } from './session-info.ts';
import { SESSION_LIST } from './session-list.ts';
import { SHARE_KEYWORD } from './share-keyword.ts';
import { SHARE_READ } from './share-read.ts';
import { SHOW_TOAST } from './account-show-toast.ts';
import { USER_ID } from './user-id.ts';
import { USER_INFO } from './user-info.ts';
import { VOICE_CHAT } from './voice-chat.ts';

/**
 * Every endpoint of the suite, one definition a file in this folder, in the order the suite and
 * `pnpm perf capacity` list them. Adding an endpoint adds its file here and a line below; nothing
 * outside perf/ lists endpoints.
 */
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

/** This module's path: worker processes (`PERF_WORKERS`) import it to find the definitions. */
export const ENDPOINTS_MODULE = fileURLToPath(import.meta.url);

/** Hands the definitions to the helpers (an entry point calls it once: perf/setup.ts, perf/global-setup.ts, bin/). */
export function useSuiteEndpoints(): void {
  registerEndpoints(ENDPOINTS, ENDPOINTS_MODULE);
}
