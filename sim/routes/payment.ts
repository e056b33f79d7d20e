import { actingUser, mvc } from '../mvc.ts';
import { dotnetDate, guid, MIN_DATE } from '../rng.ts';
import type { Route } from '../router.ts';
import type { User } from '../state.ts';

const PRODUCTS = [
  { planType: 1, priceId: 'price_sim_day', mode: 'subscription', amount: 1.99, dailyAvgPrice: '1.99', currency: 'USD', isUltimate: false },
  { planType: 4, priceId: 'price_sim_week', mode: 'subscription', amount: 6.99, dailyAvgPrice: '1.00', currency: 'USD', isUltimate: false },
  { planType: 2, priceId: 'price_sim_month', mode: 'subscription', amount: 19.99, dailyAvgPrice: '0.67', currency: 'USD', isUltimate: false },
  { planType: 3, priceId: 'price_sim_year', mode: 'subscription', amount: 149.99, dailyAvgPrice: '0.41', currency: 'USD', isUltimate: true },
];
const IAP_PRODUCTS = PRODUCTS.map((p) => ({ productId: `com.gpt.god.${p.priceId.slice(10)}`, planType: p.planType, amount: p.amount, currency: p.currency }));

/**
 * A completed one-off payment record in the grain's `PaymentSummary` shape (§20): no subscription,
 * so its dates are `DateTime.MinValue` rather than null, and `membershipLevel` is a string or null.
 */
export function fakePayment(user: User, rand: () => number, atMs: number): Record<string, unknown> {
  return {
    paymentGrainId: guid(rand), orderId: `sim_${Math.floor(rand() * 1e9)}`, planType: 2, amount: 19.99, currency: 'USD',
    createdAt: dotnetDate(atMs), completedAt: dotnetDate(atMs + 1500), status: 3, paymentType: 1, method: 0, platform: 0,
    isSubscriptionRenewal: false, subscriptionId: null, subscriptionStartDate: MIN_DATE, subscriptionEndDate: MIN_DATE, sessionId: null,
    userId: user.id, priceId: 'price_sim_month', invoiceDetails: [], appStoreEnvironment: null, membershipLevel: null, amountNetTotal: 19.99,
  };
}

const paymentList = mvc('paymentList', (ctx, { claims }) => {
  const page = Math.max(1, Number.parseInt(ctx.query.get('page') ?? '1', 10) || 1);
  const pageSize = Math.min(100, Math.max(1, Number.parseInt(ctx.query.get('pageSize') ?? '10', 10) || 10));
  const user = actingUser(ctx, claims!, {});
  ctx.ok(user.payments.slice((page - 1) * pageSize, page * pageSize));
});

const hasActive = mvc('hasActiveSubscription', (ctx, { claims }) => {
  const sub = actingUser(ctx, claims!, {}).subscriber;
  ctx.ok({ hasActiveAppleSubscription: false, hasActiveStripeSubscription: sub, hasActiveGooglePlaySubscription: false, hasActiveSubscription: sub });
});

/** `POST create-checkout-session` (§20; body not captured): a Stripe-like checkout URL for a known price. */
const createCheckout = mvc('createCheckoutSession', (ctx, { body }) => {
  const priceId = body['priceId'];
  if (typeof priceId !== 'string' || priceId === '') return ctx.invalid({ member: 'PriceId', message: 'The PriceId field is required.' });
  if (!PRODUCTS.some((p) => p.priceId === priceId)) return ctx.fail(`Invalid priceId: ${priceId}`);
  ctx.ok(`https://checkout.stripe.com/c/pay/cs_test_${guid(ctx.rt.rand).replace(/-/g, '')}`);
}, { body: true });

/**
 * `POST verify-receipt`: the simulator holds no App Store, so a receipt never verifies, answered as
 * the real API answers an invalid receipt (§20): `"20000"` with `success:false`, not an error.
 */
const verifyReceipt = mvc('verifyReceipt', (ctx, { body }) => {
  const receipt = body['receiptData'] ?? body['transactionId'];
  if (typeof receipt !== 'string' || receipt === '') return ctx.invalid({ member: 'ReceiptData', message: 'The ReceiptData field is required.' });
  ctx.ok({ success: false, message: 'Invalid receipt', subscriptionId: null });
}, { body: true });

/**
 * `POST cancel-subscription {subscriptionId}` (§20; body not captured, GG `CancelSubscriptionDto`):
 * cancels one of the user's active subscriptions; an unknown, another user's or an already
 * cancelled one is a user-friendly error (`"50000"`). The user stays a subscriber while any is left.
 */
const cancelSubscription = mvc('cancelSubscription', (ctx, { claims, body }) => {
  const user = actingUser(ctx, claims!, body);
  const id = body['subscriptionId'];
  if (typeof id !== 'string' || !user.subscriptionIds.delete(id)) return ctx.fail('No active subscription was found.');
  user.subscriber = user.subscriptionIds.size > 0;
  ctx.ok(true);
}, { body: true });

export const paymentRoutes: Route[] = [
  { method: 'POST', pattern: '/api/godgpt/payment/create-checkout-session', handler: createCheckout },
  { method: 'POST', pattern: '/api/godgpt/payment/verify-receipt', handler: verifyReceipt },
  { method: 'POST', pattern: '/api/godgpt/payment/cancel-subscription', handler: cancelSubscription },
  { method: 'GET', pattern: '/api/godgpt/payment/list', handler: paymentList },
  { method: 'GET', pattern: '/api/godgpt/payment/products', handler: mvc('paymentProducts', (ctx) => ctx.ok(PRODUCTS)) },
  { method: 'GET', pattern: '/api/godgpt/payment/iap-products', handler: mvc('paymentIapProducts', (ctx) => ctx.ok(IAP_PRODUCTS)) },
  { method: 'GET', pattern: '/api/godgpt/payment/keys', handler: mvc('paymentKeys', (ctx) => ctx.ok({ publishableKey: 'pk_test_godgpt_simulator' })) },
  { method: 'GET', pattern: '/api/godgpt/payment/has-active-subscription', handler: hasActive },
  { method: 'GET', pattern: '/api/godgpt/payment/has-apple-subscription', handler: mvc('hasAppleSubscription', (ctx) => ctx.ok(false)) },
];
