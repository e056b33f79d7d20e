import { Agent, request } from 'undici';

/** GETs a URL as text within `timeoutMs`; resolves to the body or an error sentence, never throws. */
export async function fetchText(
  dispatcher: Agent,
  url: string,
  timeoutMs: number,
  headers: Record<string, string> = {},
): Promise<{ ok: true; text: string } | { ok: false; error: string }> {
  try {
    const res = await request(url, {
      method: 'GET',
      dispatcher,
      headers: { accept: 'text/plain, application/json', ...headers },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.body.text();
    if (res.statusCode !== 200) return { ok: false, error: `HTTP ${res.statusCode}` };
    return { ok: true, text };
  } catch (err) {
    const e = err as { name?: string; code?: string; message?: string };
    if (e.name === 'TimeoutError' || e.code === 'UND_ERR_HEADERS_TIMEOUT' || e.code === 'UND_ERR_BODY_TIMEOUT') {
      return { ok: false, error: `timed out after ${timeoutMs} ms` };
    }
    return { ok: false, error: e.code ?? e.message ?? String(err) };
  }
}

export function createScrapeAgent(timeoutMs: number): Agent {
  return new Agent({ connections: 2, connectTimeout: timeoutMs, keepAliveTimeout: 5_000 });
}

/** A scrape agent made on first use and closed (errors ignored) when the sampler stops. */
export function lazyScrapeAgent(timeoutMs: number): { get(): Agent; close(): Promise<void> } {
  let agent: Agent | undefined;
  return {
    get: () => (agent ??= createScrapeAgent(timeoutMs)),
    close: async () => {
      const a = agent;
      agent = undefined;
      await a?.close().catch(() => undefined);
    },
  };
}
