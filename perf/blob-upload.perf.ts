import { describe, expect } from 'vitest';
import { test } from '../helpers/perf-test.ts';
import { BLOB_UPLOAD } from './endpoints/blob-upload.ts';

describe(BLOB_UPLOAD.route, () => {
  for (const scenario of BLOB_UPLOAD.scenarios) {
    test(scenario.name, async ({ run }) => {
      expect(await run(BLOB_UPLOAD, scenario)).toMeetEndpoint(BLOB_UPLOAD);
    });
  }
});
