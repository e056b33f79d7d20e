import { defineEndpoint, JSON_SLO } from '../../helpers/endpoint.ts';
import { userRequest } from '../../helpers/flows.ts';

export const CAN_UPLOAD_IMAGE = defineEndpoint({
  id: 'can-upload-image',
  route: 'GET /api/godgpt/can-upload-image',
  priority: 'P2',
  effects: [],
  targetRps: 20,
  slo: { ...JSON_SLO, latencyMs: { p95: 300, p99: 600 } },
  why: {
    targetRps: 'not in the QA scripts (§18): the app asks before each image upload, so blob upload\'s target (20/s)',
    latencyMs: "reads the user's upload count of the day",
  },
  sse: false,
  connections: 32,
  timeoutMs: 10_000,
  leakCheck: false,
  scenarios: [
    {
      name: 'a logged-in user opens the image picker and the app asks whether they may upload',
      users: 'old users',
      build: userRequest((api, token) => api.canUploadImage(token)),
    },
  ],
});
