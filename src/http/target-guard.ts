import { isIP } from 'node:net';
import { ConfigError } from '../core/errors.ts';

/** The variable naming the non-loopback hosts a run may load (comma-separated host names). */
export const ALLOW_HOSTS_VAR = 'PERF_ALLOW_HOSTS';

function bare(hostname: string): string {
  return hostname.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

/** True for `localhost`, `127.0.0.0/8`, `::1` and their IPv4-mapped forms: the only targets loaded without being named. */
export function isLoopbackHost(hostname: string): boolean {
  const h = bare(hostname);
  if (h === 'localhost') return true;
  const v4 = h.replace(/^::ffff:/, '');
  if (isIP(v4) === 4) return v4.startsWith('127.');
  if (isIP(h) !== 6) return false;
  const canonical = bare(new URL(`http://[${h}]/`).hostname);
  return canonical === '::1' || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(canonical);
}

/** Parses a `PERF_ALLOW_HOSTS` value: comma-separated host names, case-insensitive. Throws `ConfigError` on a URL or a port. */
export function parseAllowHosts(text: string | undefined, source = ALLOW_HOSTS_VAR): string[] {
  if (!text) return [];
  const hosts: string[] = [];
  for (const raw of text.split(',')) {
    const h = bare(raw);
    if (h === '') continue;
    if (/[/\s@]/.test(h) || (isIP(h) !== 6 && h.includes(':'))) {
      throw new ConfigError(`${source}: expected host names separated by commas (e.g. api.example.com,10.0.0.5), got "${raw.trim()}"`);
    }
    hosts.push(h);
  }
  return hosts;
}

export interface TargetGuardOptions {
  /** Host names allowed besides loopback. */
  allowHosts: readonly string[];
  /** What set the URL, named in the message: `--url`, `BASE_URL`. */
  source: string;
  /** The per-run flag that also allows a host, when there is one (`--allow-host`). */
  flag?: string;
}

/**
 * Refuses a load target outside loopback unless its host is allowed: a run never loads a system
 * by accident. Throws `ConfigError` naming the setting and how to allow the host.
 */
export function assertTargetAllowed(url: string | URL, o: TargetGuardOptions): void {
  const u = typeof url === 'string' ? new URL(url) : url;
  const host = bare(u.hostname);
  if (isLoopbackHost(host) || o.allowHosts.some((h) => h === host)) return;
  const how = o.flag
    ? `pass ${o.flag} ${host} or set ${ALLOW_HOSTS_VAR}=${host}`
    : `set ${ALLOW_HOSTS_VAR}=${host}`;
  throw new ConfigError(
    `${o.source}: ${host} is not a loopback host (127.0.0.1, localhost, ::1) and is not allowed; ` +
      `to send load to it, ${how} (comma-separated host names, in .env or the environment)`,
  );
}
