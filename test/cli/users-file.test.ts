import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resetConfig } from '../../helpers/config.ts';
import { godgptSuite } from '../../helpers/suite-plugin.ts';
import { memoryIo } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/main.ts';
import { useSuiteEndpoints } from '../../perf/endpoints/index.ts';

// The helpers under test find the suite's endpoints as an entry point hands them over.
useSuiteEndpoints();

describe('pnpm perf capacity and model-check with a bad PERF_USERS_FILE', () => {
  it.each([['capacity', 'user-id'], ['model-check']])('perf %s: exit 2 naming PERF_USERS_FILE before any login or simulator', async (...argv) => {
    const prev = process.env.PERF_USERS_FILE;
    process.env.PERF_USERS_FILE = mkdtempSync(join(tmpdir(), 'perf-users-'));
    resetConfig();
    try {
      const io = memoryIo({ env: {} });
      const code = await runCli(argv, io, godgptSuite);
      expect(code).toBe(2);
      expect(io.err).toEqual([expect.stringMatching(/^PERF_USERS_FILE: .* is a folder, not a file/)]);
    } finally {
      if (prev === undefined) delete process.env.PERF_USERS_FILE;
      else process.env.PERF_USERS_FILE = prev;
      resetConfig();
    }
  });
});
