import { z } from 'zod';
import { ConfigError } from './errors.ts';

/** Parses options at the edge: the parsed value, or a `ConfigError` `invalid <what>: <every issue>`. */
export function parseConfig<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ConfigError(`invalid ${what}: ${z.prettifyError(parsed.error)}`, { cause: parsed.error });
  return parsed.data;
}
