import type { SimConfigInput } from '../config.ts';
import { createSimServer, type SimServer } from '../server.ts';

export const PASSWORD = 'Passw0rd!';

/** An in-process simulator plus small request helpers for tests. */
export interface Harness {
  sim: SimServer;
  url: string;
  req(path: string, init?: RequestInit & { token?: string; json?: unknown; ip?: string }): Promise<{ status: number; text: string; json: () => unknown; headers: Headers }>;
  seed(count: number, prefix?: string): Promise<{ id: string; email: string; inviteCode: string }[]>;
  login(email: string, password?: string): Promise<{ access_token: string; refresh_token: string; expires_in: number }>;
  /** Seeds one user, logs in, returns its token and id. */
  user(prefix?: string): Promise<{ token: string; id: string; email: string; inviteCode: string }>;
  close(): Promise<void>;
}

let counter = 0;

export async function startHarness(profile = 'fast', config: SimConfigInput = {}): Promise<Harness> {
  const sim = await createSimServer({ profile, config });
  const req: Harness['req'] = async (path, init = {}) => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('authorization', `Bearer ${init.token}`);
    if (init.ip) headers.set('x-forwarded-for', init.ip);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    const res = await fetch(sim.url + path, { ...init, headers, body });
    const text = await res.text();
    return { status: res.status, text, headers: res.headers, json: () => JSON.parse(text) as unknown };
  };
  const login: Harness['login'] = async (email, password = PASSWORD) => {
    const r = await req('/connect/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', client_id: 'AevatarAuthServer', scope: 'Aevatar offline_access', username: email, password }).toString(),
    });
    if (r.status !== 200) throw new Error(`login failed: ${r.status} ${r.text}`);
    return r.json() as { access_token: string; refresh_token: string; expires_in: number };
  };
  const seed: Harness['seed'] = async (count, prefix = `u${++counter}x`) => {
    const r = await req('/_sim/seed-users', { method: 'POST', json: { count, emailPrefix: prefix, password: PASSWORD } });
    return (r.json() as { users: { id: string; email: string; inviteCode: string }[] }).users;
  };
  return {
    sim, url: sim.url, req, seed, login,
    async user(prefix) {
      const [u] = await seed(1, prefix);
      const t = await login(u!.email);
      return { token: t.access_token, ...u! };
    },
    close: () => sim.close(),
  };
}

/** Splits an SSE body into its `data:` JSON payloads. */
export function sseData(body: string): Record<string, unknown>[] {
  return body.split('\n\n').filter((b) => b.startsWith('data: ')).map((b) => JSON.parse(b.slice(6)) as Record<string, unknown>);
}

/** A tiny WebM (EBML header) audio payload, base64. */
export const WEBM_BASE64 = Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), Buffer.alloc(200, 7)]).toString('base64');
