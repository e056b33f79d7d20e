import { registerEndpointMatcher } from '../helpers/endpoint-matcher.ts';
import { processInterruption, registerLeakMatchers, registerMatchers } from '../src/index.ts';

registerMatchers();
registerLeakMatchers();
registerEndpointMatcher();
processInterruption();
