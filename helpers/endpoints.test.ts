import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { sloSchema } from '../src/index.ts';
import { boundReasons } from './endpoint.ts';
import { withEndpointTable } from './endpoint-table.ts';
import { ENDPOINTS } from '../perf/endpoints/index.ts';

const ENDPOINT_IDS = ENDPOINTS.map((e) => e.id);

const root = join(import.meta.dirname, '..');
const baseNames = (dir: string, suffix: string) =>
  readdirSync(join(root, dir)).filter((f) => f.endsWith(suffix) && f !== 'index.ts').map((f) => f.slice(0, -suffix.length)).sort();

describe('endpoint definitions', () => {
  it('perf/endpoints/index.ts lists one definition per perf/endpoints/<id>.ts, each run by perf/<id>.perf.ts', () => {
    const sorted = [...ENDPOINT_IDS].sort();
    expect(baseNames('perf/endpoints', '.ts')).toEqual(sorted);
    expect(baseNames('perf', '.perf.ts')).toEqual(sorted);
    for (const id of ENDPOINT_IDS) {
      expect(readFileSync(join(root, 'perf', `${id}.perf.ts`), 'utf8'), id).toContain(`from './endpoints/${id}.ts'`);
    }
  });

  it.each(ENDPOINTS.map((d) => [d.id, d] as const))('%s: a valid SLO with a reason for every bound, a route and named scenarios', (_id, def) => {
    expect(sloSchema.safeParse(def.slo).success).toBe(true);
    expect(Object.entries(boundReasons(def)).filter(([, reason]) => !reason).map(([key]) => key)).toEqual([]);
    expect(def.route).toMatch(/^(GET|POST|PUT|DELETE) \/\S+$/);
    expect(def.scenarios.length).toBeGreaterThan(0);
    expect(new Set(def.scenarios.map((s) => s.name)).size).toBe(def.scenarios.length);
  });

  it("carries its priority from the team's plan (shared/godgpt-api.md §21) and its effects outside the API", () => {
    const P0 = ['guest-create-session', 'guest-chat', 'create-session', 'chat'];
    const P2 = ['blob-upload'];
    P2.push('check-email-registered', 'send-register-code', 'godgpt-register', 'logout');
    P2.push('payment-verify-receipt', 'payment-checkout-session', 'payment-cancel-subscription', 'invitation-info', 'invitation-credits-history');
    P2.push('share-read', 'delete-session', 'rename-session', 'can-upload-image', 'image-chat', 'share-keyword');
    // What reaches the outside world on a real deployment (§21); the rest: nothing.
    const EFFECTS: Record<string, string[]> = {};
    Object.assign(EFFECTS, { 'send-register-code': ['email'], 'godgpt-register': ['accounts'] });
    Object.assign(EFFECTS, { 'payment-verify-receipt': ['app-store'], 'payment-checkout-session': ['payments'], 'payment-cancel-subscription': ['payments'] });
    for (const def of ENDPOINTS) {
      expect(def.priority, def.id).toBe(P0.includes(def.id) ? 'P0' : P2.includes(def.id) ? 'P2' : 'P1');
      expect(def.effects, def.id).toEqual(EFFECTS[def.id] ?? []);
    }
  });

  it('can be imported outside vitest with no side effects (the CLI enumerates them)', async () => {
    const script = "import('./perf/endpoints/index.ts').then((m) => console.log(JSON.stringify(m.ENDPOINTS.map((e) => e.id))));";
    const { stdout, stderr } = await promisify(execFile)(join(root, 'node_modules/.bin/tsx'), ['--eval', script], { cwd: root, timeout: 30_000 });
    expect(JSON.parse(stdout)).toEqual(ENDPOINT_IDS);
    expect(stderr).toBe('');
  });

  it("perf/README.md's endpoint table is current (run `pnpm perf:readme` after editing a definition)", () => {
    const readme = readFileSync(join(root, 'perf/README.md'), 'utf8');
    expect(withEndpointTable(readme, ENDPOINTS)).toBe(readme);
  });
});
