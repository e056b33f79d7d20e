import { collectEnvironment, type RunEnvironment } from '../src/index.ts';

const cache = new Map<string, Promise<RunEnvironment>>();

async function getJson(url: string, timeoutMs: number): Promise<unknown> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return undefined;
    const text = await res.text();
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  } catch {
    return undefined;
  }
}

/** The version string of `GET /api/godgpt/query-version`: a bare string or an envelope's `data` (§8). */
export function versionOf(body: unknown): string | undefined {
  const v = typeof body === 'object' && body !== null ? (body as { data?: unknown }).data : body;
  return typeof v === 'string' && v.trim() !== '' && v.length <= 200 ? v.trim() : undefined;
}

/**
 * The run environment of a GodGPT target: its version (`query-version`, when it answers within
 * 2 s), and for the embedded simulator its profile, LLM mode and config (`/_sim/state`,
 * `/_sim/config`). Asked once per target and process.
 */
export function suiteEnvironment(baseUrl: string, embeddedSim: boolean): Promise<RunEnvironment> {
  const key = `${baseUrl} ${embeddedSim}`;
  let env = cache.get(key);
  if (!env) {
    env = (async () => {
      const base = baseUrl.replace(/\/+$/, '');
      const [version, state, config] = await Promise.all([
        getJson(`${base}/api/godgpt/query-version`, 2000),
        embeddedSim ? getJson(`${base}/_sim/state`, 2000) : undefined,
        embeddedSim ? getJson(`${base}/_sim/config`, 2000) : undefined,
      ]);
      const s = state as { profile?: unknown; llm?: unknown } | undefined;
      const c = config as Record<string, unknown> | undefined;
      const llm = c && typeof c['llmEndpoint'] === 'object' && c['llmEndpoint'] ? `SIM_LLM_URL ${(c['llmEndpoint'] as { url?: string }).url ?? ''}` : s?.llm;
      const simulator = s && typeof s.profile === 'string'
        ? { profile: s.profile, llm: String(llm ?? 'unknown'), ...(c && typeof c === 'object' ? { config: c } : {}) }
        : undefined;
      const targetVersion = versionOf(version);
      return collectEnvironment({ targetUrl: base, ...(targetVersion ? { targetVersion } : {}), ...(simulator ? { simulator } : {}) });
    })();
    cache.set(key, env);
  }
  // A copy each time: summaries sharing one object would read as circular to the redaction.
  return env.then((e) => structuredClone(e));
}
