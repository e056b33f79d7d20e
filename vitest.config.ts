import { defineConfig } from 'vitest/config';
import { PerfReporter } from './src/report/vitest-reporter.ts';
import { RepeatSequencer } from './src/suite/repeat-sequencer.ts';
import { journeysSelected } from './helpers/journey-settings.ts';

export default defineConfig({
  test: {
    reporters: ['default', new PerfReporter()],
    // PERF_REPEAT=N runs the perf project's files N times, interleaved (docs/REPORTS.md).
    sequence: { sequencer: RepeatSequencer },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts', 'sim/**/*.test.ts', 'helpers/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/*.slow.test.ts'],
          // Two files at a time: most wait on child processes, timers and local servers, and the
          // default on 2 cores is one. Tests that need the machine to themselves are *.slow.test.ts.
          maxWorkers: 2,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          // Acceptance tests that take minutes (capacity search and leak check against the simulator).
          name: 'slow',
          include: ['test/**/*.slow.test.ts'],
          setupFiles: ['test/setup-endpoints.ts'],
          fileParallelism: false,
          maxWorkers: 1,
          testTimeout: 300_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'perf',
          include: ['perf/**/*.perf.ts'],
          // The journey mix runs when asked for: `pnpm test:perf journeys` or PERF_JOURNEYS=1.
          exclude: ['**/node_modules/**', ...(journeysSelected(process.argv, process.env) ? [] : ['perf/journeys/**'])],
          setupFiles: ['perf/setup.ts'],
          globalSetup: ['perf/global-setup.ts'],
          // Workers survive a Ctrl-C to the process group to save the partial run (docs/REPORTS.md).
          execArgv: ['--import', new URL('./perf/worker-signals.mjs', import.meta.url).href],
          fileParallelism: false,
          maxWorkers: 1,
          testTimeout: 3_600_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
