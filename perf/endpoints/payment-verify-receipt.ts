import { defineEndpoint, JSON_SLO } from '../../helpers/endpoint.ts';
import { invalidReceiptBase64 } from '../../helpers/fixtures/receipt.ts';
import { userRequest } from '../../helpers/flows.ts';

export const PAYMENT_VERIFY_RECEIPT = defineEndpoint({
  id: 'payment-verify-receipt',
  route: 'POST /api/godgpt/payment/verify-receipt',
  priority: 'P2',
  effects: ['app-store'],
  targetRps: 10,
  slo: { ...JSON_SLO, latencyMs: { p95: 1500, p99: 3000 } },
  why: {
    targetRps: 'no QA script or report number exists for it (§18; the payment scripts ran at 2/s); 10/s is our assumption: a verification follows an in-app purchase or a restore, far rarer than the reads',
    latencyMs: "the server asks Apple to verify the receipt (an outside HTTPS call) before it answers; bounded as blob upload's outside write",
  },
  sse: false,
  connections: 16,
  timeoutMs: 30_000,
  leakCheck: false,
  scenarios: [
    {
      name: "a logged-in user's app sends an invalid App Store receipt to verify",
      users: 'old users',
      build: userRequest((api, token) => api.verifyReceipt(token, invalidReceiptBase64())),
    },
  ],
});
