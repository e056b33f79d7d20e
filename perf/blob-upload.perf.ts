import { describe, expect } from 'vitest';
import { uploadImage } from '../helpers/fixtures/image.ts';
import { asUser, perToken } from '../helpers/flows.ts';
import { endpoint, test } from '../helpers/perf-test.ts';

const BLOB_UPLOAD = endpoint('blob-upload');

describe(BLOB_UPLOAD.route, () => {
  test('a logged-in user uploads a small PNG for a chat', async ({ run, api, pool }) => {
    const upload = perToken((token) => api.uploadBlob(token, uploadImage(), 'perf.png', 'image/png'));
    const summary = await run(BLOB_UPLOAD, (ctx) => asUser(ctx, pool, upload));
    expect(summary).toMeetSlo(BLOB_UPLOAD.slo);
  });
});
