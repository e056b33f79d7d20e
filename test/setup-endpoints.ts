import { useSuiteEndpoints } from '../perf/endpoints/index.ts';

// The helpers under test find the suite's endpoint definitions as perf/setup.ts hands them over.
useSuiteEndpoints();
