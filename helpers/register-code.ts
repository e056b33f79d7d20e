import type { SuiteConfig } from './config.ts';
import { ScenarioSkip } from './scenario-skip.ts';

/** The verification code the simulator takes for a registration (it accepts any non-empty code; this is the suite's). */
export const SIM_REGISTER_CODE = '123456';

/**
 * The e-mail verification code `POST /api/account/godgpt-register` is sent with: `PERF_REGISTER_CODE`
 * (the code a deployment accepts for test sign-ups: the plan tests registration with the code
 * mocked), else the simulator's fixed code when the target is the simulator the suite started
 * (`embedded`). Against any other target without it, a `ScenarioSkip` naming the setting: no
 * request is sent.
 */
export function registerCode(config: Pick<SuiteConfig, 'registerCode'>, embedded: boolean): string {
  if (config.registerCode !== undefined) return config.registerCode;
  if (embedded) return SIM_REGISTER_CODE;
  throw new ScenarioSkip(
    'registration needs the verification code the target accepts (a real one is e-mailed; the plan mocks it): set PERF_REGISTER_CODE to the deployment\'s test code; only the embedded simulator has one of its own',
  );
}
