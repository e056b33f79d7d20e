import { z } from 'zod';
import { dotnetDateSchema, guidSchema } from './common.ts';

/**
 * One item of `GET /api/godgpt/payment/list` (`[]` for new users). The real API answers at least
 * three item shapes (§20: AA's 16 fields; GG `PaymentSummary` with `userId, priceId,
 * invoiceDetails, appStoreEnvironment, membershipLevel` (a string or null), `amountNetTotal`;
 * GG `PaymentSummaryDto` without `method, isSubscriptionRenewal, sessionId, invoiceDetails`, with
 * `isTrial, trialCode`), so only what a gate needs is judged: the payment's id, its `status` and
 * `createdAt`. Every other field may vary and is kept.
 */
export const paymentItemSchema = z.looseObject({
  paymentGrainId: guidSchema,
  status: z.int(),
  createdAt: dotnetDateSchema,
});
export type PaymentItem = z.infer<typeof paymentItemSchema>;
export const paymentListSchema = z.array(paymentItemSchema);

/**
 * One item of `GET /api/godgpt/payment/products` (AA-real: `mode:"subscription"`, `currency:"USD"`,
 * `dailyAvgPrice` a string, `isUltimate` a bool): `priceId` is what create-checkout-session takes;
 * the rest may vary.
 */
export const productSchema = z.looseObject({ priceId: z.string().min(1) });
export const productsSchema = z.array(productSchema);

/** `GET /api/godgpt/payment/iap-products` (item shape not documented and read by no later step: a list of objects). */
export const iapProductsSchema = z.array(z.looseObject({}));

/** `GET /api/godgpt/payment/keys`. */
export const paymentKeysSchema = z.looseObject({ publishableKey: z.string() });

/** `GET /api/godgpt/payment/has-active-subscription`: the overall flag; the per-store flags may vary. */
export const hasActiveSubscriptionSchema = z.looseObject({ hasActiveSubscription: z.boolean() });

/** `GET /api/godgpt/payment/has-apple-subscription` (obsolete): a bare bool. */
export const hasAppleSubscriptionSchema = z.boolean();

/** `POST /api/godgpt/payment/create-checkout-session`: the Stripe checkout URL or session id (not captured: a string or an object). */
export const checkoutSessionSchema = z.union([z.string().min(1), z.looseObject({})]);
/**
 * `POST /api/godgpt/payment/verify-receipt`: `"20000"` with `data:{success, ...}`; an invalid
 * receipt is `success:false` (§20), an answer, not an error.
 */
export const verifyReceiptSchema = z.looseObject({ success: z.boolean() });
/** `POST /api/godgpt/payment/cancel-subscription` (not captured: kept loose, may be empty). */
export const cancelSubscriptionSchema = z.union([z.boolean(), z.looseObject({})]).nullable();
