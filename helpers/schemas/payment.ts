import { z } from 'zod';
import { dotnetDateSchema, guidSchema, paymentStatusSchema, planTypeSchema } from './common.ts';

/** One item of `GET /api/godgpt/payment/list` (`[]` for new users). */
export const paymentItemSchema = z.object({
  paymentGrainId: guidSchema,
  orderId: z.string().nullable(),
  planType: planTypeSchema,
  amount: z.number(),
  currency: z.string(),
  createdAt: dotnetDateSchema,
  completedAt: dotnetDateSchema.nullable(),
  status: paymentStatusSchema,
  paymentType: z.int(),
  method: z.int(),
  platform: z.int(),
  isSubscriptionRenewal: z.boolean(),
  subscriptionId: z.string().nullable(),
  subscriptionStartDate: dotnetDateSchema.nullable(),
  subscriptionEndDate: dotnetDateSchema.nullable(),
  sessionId: z.string().nullable(),
  userId: guidSchema,
  priceId: z.string().nullable(),
  invoiceDetails: z.array(z.unknown()),
  appStoreEnvironment: z.string().nullable(),
  membershipLevel: z.int(),
});
export type PaymentItem = z.infer<typeof paymentItemSchema>;
export const paymentListSchema = z.array(paymentItemSchema);

/** One item of `GET /api/godgpt/payment/products`. */
export const productSchema = z.object({
  planType: planTypeSchema,
  priceId: z.string(),
  mode: z.string(),
  amount: z.number(),
  dailyAvgPrice: z.string(),
  currency: z.string(),
  isUltimate: z.boolean(),
});
export const productsSchema = z.array(productSchema);

/** `GET /api/godgpt/payment/iap-products` (shape not documented: items are kept loose). */
export const iapProductsSchema = z.array(z.looseObject({ productId: z.string(), planType: planTypeSchema }));

/** `GET /api/godgpt/payment/keys`. */
export const paymentKeysSchema = z.object({ publishableKey: z.string() });

/** `GET /api/godgpt/payment/has-active-subscription`. */
export const hasActiveSubscriptionSchema = z.object({
  hasActiveAppleSubscription: z.boolean(),
  hasActiveStripeSubscription: z.boolean(),
  hasActiveGooglePlaySubscription: z.boolean(),
  hasActiveSubscription: z.boolean(),
});

/** `GET /api/godgpt/payment/has-apple-subscription` (obsolete): a bare bool. */
export const hasAppleSubscriptionSchema = z.boolean();

/** `POST /api/godgpt/payment/create-checkout-session`: the Stripe checkout URL or session id (not captured: a string or an object). */
export const checkoutSessionSchema = z.union([z.string().min(1), z.looseObject({})]);
/** `POST /api/godgpt/payment/verify-receipt` (not captured: kept loose). */
export const verifyReceiptSchema = z.union([z.boolean(), z.looseObject({})]);
/** `POST /api/godgpt/payment/cancel-subscription` (not captured: kept loose, may be empty). */
export const cancelSubscriptionSchema = z.union([z.boolean(), z.looseObject({})]).nullable();
