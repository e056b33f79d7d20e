import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SimulatorError } from './errors.ts';
import type { SimConfig, SimConfigInput } from './config.ts';
import { Ctx } from './ctx.ts';
import { MetricsExporter } from './metrics.ts';
import { buildConfig } from './profiles.ts';
import { Router, type Route } from './router.ts';
import { accountRoutes } from './routes/account.ts';
import { adminRoutes } from './routes/admin.ts';
import { authRoutes } from './routes/auth.ts';
import { blobRoutes } from './routes/blob.ts';
import { chatRoutes } from './routes/chat.ts';
import { guestRoutes } from './routes/guest.ts';
import { invitationRoutes } from './routes/invitation.ts';
import { paymentRoutes } from './routes/payment.ts';
import { sessionRoutes } from './routes/sessions.ts';
import { voiceRoutes } from './routes/voice.ts';
import { startHousekeeping } from './housekeeping.ts';
import { SimRuntime } from './runtime.ts';
import { seedUsers } from './seed.ts';
import { TraceLog } from './trace-log.ts';

export interface SimServerOptions {
  /** Profile name (`healthy`, `seed-report`, `reference`, `fast`). @default 'healthy' */
  profile?: string;
  /** Config overrides on top of the profile. @default {} */
  config?: SimConfigInput;
  /** @default 0 (a free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** A file to append one JSON line per request to: its trace id and server-side times (`SIM_TRACE_LOG`). @default none */
  traceLog?: string;
}

export interface SimServer {
  url: string;
  port: number;
  config: SimConfig;
  runtime: SimRuntime;
  server: Server;
  close(): Promise<void>;
}

/** Routes of the chat middleware, whose errors are plain text rather than the envelope. */
const MIDDLEWARE_PATHS = new Set(['/api/gotgpt/chat', '/api/godgpt/guest/chat', '/api/godgpt/voice/chat']);

export function buildRoutes(config: SimConfig): Route[] {
  return [
    ...authRoutes, ...guestRoutes, ...chatRoutes, ...voiceRoutes, ...sessionRoutes, ...accountRoutes,
    ...paymentRoutes, ...invitationRoutes, ...blobRoutes, ...(config.adminRoutes ? adminRoutes : []),
  ];
}

/** Builds the request listener of a simulator runtime (exported for embedding). */
export function createHandler(rt: SimRuntime, metrics: MetricsExporter, onApiRequest: () => void = () => {}): (req: IncomingMessage, res: ServerResponse) => void {
  const router = new Router(buildRoutes(rt.config));
  const stats = rt.stats;
  return (req, res) => {
    stats.requestsTotal++;
    stats.requestsInFlight++;
    res.once('close', () => stats.requestsInFlight--);
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const method = req.method ?? 'GET';
    const internal = path === '/metrics' || path.startsWith('/_sim/');
    if (!internal) onApiRequest();
    const ctx = new Ctx(req, res, rt, path, q < 0 ? '' : url.slice(q + 1), !internal);
    if (path === '/metrics' && method === 'GET') return ctx.send(200, 'text/plain; version=0.0.4; charset=utf-8', metrics.render());
    if (method === 'POST' && path.toLowerCase() === '/api/godgpt/chat') return ctx.empty(rt.config.postGodgptChatStatus);
    const m = router.match(method, path);
    if (m.kind === 'none') return ctx.empty(404);
    if (m.kind === 'method') return ctx.empty(405);
    const fail = (err: unknown) => {
      stats.handlerErrorsTotal++;
      if (res.headersSent) {
        res.destroy(err instanceof Error ? err : undefined);
        return;
      }
      if (MIDDLEWARE_PATHS.has(path.toLowerCase())) ctx.text(500, 'Internal server error.');
      else ctx.json(500, { code: '50000', data: null, message: 'An internal error occurred during your request!' });
    };
    try {
      const r = m.handler(ctx, m.params);
      if (r instanceof Promise) r.catch(fail);
    } catch (err) {
      fail(err);
    }
  };
}

/** Starts the simulator in this process (for contract tests and embedding). */
export async function createSimServer(options: SimServerOptions = {}): Promise<SimServer> {
  const config = buildConfig(options.profile ?? 'healthy', options.config ?? {});
  const rt = new SimRuntime(config);
  if (options.traceLog) rt.traceLog = new TraceLog(options.traceLog);
  if (config.seedUsers > 0) seedUsers(rt, { count: config.seedUsers });
  const metrics = new MetricsExporter(rt);
  let lastApiRequestMs = Date.now();
  const server = createServer({ keepAliveTimeout: 65_000, headersTimeout: 70_000, requestTimeout: 0 }, createHandler(rt, metrics, () => {
    lastApiRequestMs = Date.now();
  }));
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  const stopHousekeeping = startHousekeeping(rt, () => lastApiRequestMs);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(new SimulatorError(`port: cannot listen on ${host}:${options.port ?? 0} (${err.message})`, { cause: err }));
    server.once('error', onError);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    config,
    runtime: rt,
    server,
    close() {
      closing ??= new Promise<void>((resolve) => {
        stopHousekeeping();
        rt.close();
        metrics.close();
        server.close(() => void (rt.traceLog?.close() ?? Promise.resolve()).then(resolve));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
