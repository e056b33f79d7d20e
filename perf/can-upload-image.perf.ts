import { describe, expect } from 'vitest';
import { test } from '../helpers/perf-test.ts';
import { CAN_UPLOAD_IMAGE } from './endpoints/can-upload-image.ts';

describe(CAN_UPLOAD_IMAGE.route, () => {
  for (const scenario of CAN_UPLOAD_IMAGE.scenarios) {
    test(scenario.name, async ({ run }) => {
      expect(await run(CAN_UPLOAD_IMAGE, scenario)).toMeetEndpoint(CAN_UPLOAD_IMAGE);
    });
  }
});
