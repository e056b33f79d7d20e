import { ConfigError } from '../core/errors.ts';

/** Turns a parseArgs failure into a one-line usage message. */
export function argsError(err: unknown, command: string): ConfigError {
  const message = err instanceof Error ? err.message : String(err);
  const flag = /'(--?[\w-]+)/.exec(message)?.[1];
  if (flag && /ambiguous/.test(message)) {
    return new ConfigError(`${flag}: a value starting with "-" must be written ${flag}=VALUE`, { cause: err });
  }
  const first = (message.split(/\.\s|\n/)[0] ?? message).replace(/\.$/, '');
  return new ConfigError(`perf ${command}: ${first} (see perf ${command} --help)`, { cause: err });
}
