import { defineEndpoint, JSON_SLO } from '../../helpers/endpoint.ts';
import { uploadImage } from '../../helpers/fixtures/image.ts';
import { newUserRequest, userRequest } from '../../helpers/flows.ts';

export const BLOB_UPLOAD = defineEndpoint({
  id: 'blob-upload',
  route: 'POST /api/godgpt/blob',
  priority: 'P2',
  effects: [],
  targetRps: 20,
  slo: { ...JSON_SLO, latencyMs: { p95: 1500, p99: 3000 } },
  why: {
    targetRps: 'not in the report: about one image per five chats at the chat target, and a daily per-user upload quota that a higher rate would exhaust across the pool',
    latencyMs: 'an S3 write of a small PNG with thumbnailing behind it',
  },
  sse: false,
  connections: 32,
  timeoutMs: 30_000,
  leakCheck: false,
  scenarios: [
    {
      name: 'a logged-in user uploads a small PNG for a chat',
      users: 'old users',
      build: userRequest((api, token) => api.uploadBlob(token, uploadImage(), 'perf.png', 'image/png')),
    },
    {
      name: 'a new user, just logged in for the first time, uploads a small PNG',
      users: 'new users',
      build: newUserRequest((api, token) => api.uploadBlob(token, uploadImage(), 'perf.png', 'image/png')),
    },
  ],
});
