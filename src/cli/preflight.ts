import { connect } from 'node:net';
import { TargetUnreachableError } from '../core/errors.ts';

/**
 * Opens (and closes) one TCP connection to the URL's host and port, so an unreachable target is
 * reported at once (`target unreachable: ECONNREFUSED 127.0.0.1:1`) instead of as a run of connect
 * errors. Resolves when the connection succeeds; rejects with `TargetUnreachableError` otherwise.
 */
export function checkReachable(url: URL, timeoutMs = 3000, signal?: AbortSignal): Promise<void> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  // `url.port` is '' for the scheme's default port; '0' is port 0, never the default.
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (port === 0) return Promise.reject(new TargetUnreachableError(`target unreachable: port 0 of ${where} takes no connection`));
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let settled = false;
    const done = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      if (err) reject(err);
      else resolve();
    };
    const onAbort = () => done(new TargetUnreachableError(`target unreachable: connect to ${where} interrupted`));
    const timer = setTimeout(
      () => done(new TargetUnreachableError(`target unreachable: no TCP connection to ${where} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.once('connect', () => done());
    socket.once('error', (cause: NodeJS.ErrnoException) =>
      done(new TargetUnreachableError(`target unreachable: ${cause.code ?? cause.message} ${where}`, { cause })),
    );
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}
