import { registerEndpointMatcher } from '../helpers/endpoint-matcher.ts';
import { registerLeakMatchers, registerMatchers } from '../src/index.ts';

registerMatchers();
registerLeakMatchers();
registerEndpointMatcher();
