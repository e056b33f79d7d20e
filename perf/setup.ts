import { registerEndpointMatcher } from '../helpers/endpoint-matcher.ts';
import { registerLeakMatchers, registerMatchers } from '../src/index.ts';
import { processInterruption } from '../src/suite/interrupt.ts';

registerMatchers();
registerLeakMatchers();
registerEndpointMatcher();
processInterruption();
