import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from './ports.ts';
import { cpuSeconds, exited, pinned, stopChild, track } from './proc.ts';

export const NGINX_BIN = process.env.BENCH_NGINX ?? '/usr/sbin/nginx';

/** A running nginx answering `200 ok` on every path of 127.0.0.1:port. */
export interface Nginx {
  url: string;
  port: number;
  pid: number | undefined;
  /** CPU seconds nginx has used so far. */
  cpuS(): number;
  stop(): Promise<void>;
}

export class NginxMissingError extends Error {
  constructor() {
    super(`nginx not found at ${NGINX_BIN}: install it with \`apt-get install -y nginx-light\` (or set BENCH_NGINX to its path)`);
    this.name = 'NginxMissingError';
  }
}

function config(dir: string, port: number): string {
  return `daemon off;
master_process off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${join(dir, 'body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  keepalive_requests 10000000;
  keepalive_timeout 75s;
  server {
    listen 127.0.0.1:${port} reuseport backlog=4096;
    location / { default_type text/plain; return 200 "ok"; }
  }
}
`;
}

/**
 * Starts nginx with its own minimal config in a temp dir (single process, one worker, no access
 * log, fixed 200), pinned to `cpu` when given. Throws `NginxMissingError` when nginx is absent.
 */
export async function startNginx(cpu: string | undefined): Promise<Nginx> {
  if (!existsSync(NGINX_BIN)) throw new NginxMissingError();
  const dir = mkdtempSync(join(tmpdir(), 'bench-nginx-'));
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, config(dir, port));
  const { cmd, args } = pinned(cpu, NGINX_BIN, ['-p', dir, '-c', conf, '-e', join(dir, 'error.log')]);
  const child: ChildProcess = track(spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] }));
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const alive = (): boolean => child.exitCode === null && child.signalCode === null;
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    await waitForPort(port, 5000, alive);
  } catch (err) {
    await stopChild(child);
    const log = existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '';
    cleanup();
    throw new Error(`nginx did not start: ${(err as Error).message}\n${stderr}${log}`.trim(), { cause: err });
  }
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    pid: child.pid,
    cpuS: () => cpuSeconds(child.pid),
    async stop() {
      await stopChild(child);
      await exited(child);
      cleanup();
    },
  };
}
