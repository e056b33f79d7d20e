import type { Sampler } from './types.ts';

const START_TIMEOUT_MS = 5_000;

function withTimeout<T>(p: Promise<T> | T, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
    Promise.resolve(p).then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** Runs samplers defensively: a sampler that throws or hangs is noted and never breaks the run. */
export class SamplerSet {
  private readonly active: Sampler[] = [];
  readonly notes: Record<string, string> = {};

  constructor(private readonly samplers: readonly Sampler[]) {}

  async start(): Promise<void> {
    await Promise.all(
      this.samplers.map(async (s) => {
        try {
          await withTimeout(s.start(), START_TIMEOUT_MS, `sampler ${s.name} start`);
          this.active.push(s);
        } catch (err) {
          this.notes[s.name] = `sampler failed to start: ${err instanceof Error ? err.message : String(err)}`;
        }
      }),
    );
  }

  /** Merged latest values of every sampler, or undefined when none gave any. */
  sample(): Record<string, number> | undefined {
    let out: Record<string, number> | undefined;
    for (const s of this.active) {
      try {
        const v = s.sample();
        if (v !== undefined) out = { ...out, ...v };
      } catch (err) {
        this.notes[s.name] ??= `sampler threw while sampling: ${err instanceof Error ? err.message : String(err)}`;
      }
    }
    return out;
  }

  /** Stops every started sampler; returns what goes into `summary.extra`. */
  async stop(): Promise<Record<string, unknown>> {
    const extra: Record<string, unknown> = {};
    await Promise.all(
      this.active.map(async (s) => {
        try {
          const r = await withTimeout(s.stop(), START_TIMEOUT_MS, `sampler ${s.name} stop`);
          if (r !== undefined) extra[s.name] = r;
        } catch (err) {
          this.notes[s.name] ??= `sampler failed to stop: ${err instanceof Error ? err.message : String(err)}`;
        }
      }),
    );
    for (const [name, note] of Object.entries(this.notes)) {
      const prev = extra[name];
      extra[name] = prev !== null && typeof prev === 'object' ? { ...(prev as object), error: note } : { error: note };
    }
    return extra;
  }
}
