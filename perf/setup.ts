import { registerEndpointMatcher } from '../helpers/endpoint-matcher.ts';
import { processInterruption, registerLeakMatchers, registerMatchers } from '../src/index.ts';
import { useSuiteEndpoints } from './endpoints/index.ts';

useSuiteEndpoints();
registerMatchers();
registerLeakMatchers();
registerEndpointMatcher();
processInterruption();
