import { ConfigError } from '../core/errors.ts';

/** A remote-write receiver: its URL without credentials, and their Basic authorization when the URL held some. */
export interface RemoteWriteTarget {
  url: string;
  /** `Basic ...` from `user:password@` in the URL; never printed. */
  authorization?: string;
  /** The URL as messages show it (credentials masked). */
  shown: string;
}

/** Parses a remote-write URL given as `what` (`--prometheus-rw`, `PERF_PROMETHEUS_RW_URL`). Throws `ConfigError` naming it, credentials never shown. */
export function parseRemoteWriteUrl(raw: string, what: string): RemoteWriteTarget {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch (cause) {
    throw new ConfigError(`${what}: expected an absolute http(s) URL of a remote-write receiver, e.g. http://127.0.0.1:9090/api/v1/write (value not shown)`, { cause });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ConfigError(`${what}: expected an http or https URL, got protocol "${u.protocol}"`);
  let authorization: string | undefined;
  if (u.username || u.password) {
    authorization = `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`, 'utf8').toString('base64')}`;
    u.username = '';
    u.password = '';
  }
  const shown = authorization ? u.href.replace('://', '://***@') : u.href;
  return { url: u.href, shown, ...(authorization ? { authorization } : {}) };
}

/** `PERF_PROMETHEUS_RW_URL`, parsed, or undefined when unset. */
export function remoteWriteFromEnv(env: NodeJS.ProcessEnv = process.env): RemoteWriteTarget | undefined {
  const raw = env.PERF_PROMETHEUS_RW_URL?.trim();
  return raw ? parseRemoteWriteUrl(raw, 'PERF_PROMETHEUS_RW_URL') : undefined;
}
