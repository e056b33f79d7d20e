import { registerLeakMatchers, registerMatchers } from '../src/index.ts';

registerMatchers();
registerLeakMatchers();
