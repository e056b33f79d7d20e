/** Import rules of docs/CONTRIBUTING.md ("Layout"), checked by `pnpm lint:deps` and test/dependency-rules.test.ts. Paths are relative to the folder it runs in. */
const OUTSIDE_ENGINE = '^(helpers|perf|sim|bench|bin)/';
const NOT_A_TEST = '\\.test\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'No import cycles anywhere: the layers point one way (perf -> helpers -> src, sim beside).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'engine-knows-nothing-of-godgpt',
      severity: 'error',
      comment: 'src/ is the engine: it imports neither helpers/, perf/, sim/, bench/ nor bin/.',
      from: { path: '^src/' },
      to: { path: OUTSIDE_ENGINE },
    },
    {
      name: 'helpers-never-import-perf',
      severity: 'error',
      comment: 'helpers/ is below perf/: perf/ uses helpers/, never the other way round (tests may reach up).',
      from: { path: '^helpers/', pathNot: NOT_A_TEST },
      to: { path: '^perf/' },
    },
    {
      name: 'sim-stands-beside',
      severity: 'error',
      comment: 'sim/ is a separate process beside the suite: it imports neither perf/ nor bench/ nor bin/.',
      from: { path: '^sim/' },
      to: { path: '^(perf|bench|bin)/' },
    },
    {
      name: 'engine-through-its-entry',
      severity: 'error',
      comment: 'Outside src/, code reaches the engine only through src/index.ts (tests may reach inside).',
      from: { path: OUTSIDE_ENGINE, pathNot: NOT_A_TEST },
      to: { path: '^src/', pathNot: '^src/index\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['(^|/)(node_modules|results|coverage)/', '^test/fixtures/deps/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.mjs', '.js', '.json'] },
  },
};
