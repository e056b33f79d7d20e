import { registerMatchers } from '../src/index.ts';

registerMatchers();
