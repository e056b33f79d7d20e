import { describe, expect, it } from 'vitest';
import type { SuiteConfig } from '../../helpers/config.ts';
import { defineJourney } from '../../helpers/journey.ts';
import { resolveMix } from '../../helpers/journey-mix.ts';
import { journeysSelected } from '../../helpers/journey-settings.ts';
import { PROFILES, profileStages } from '../../helpers/profiles.ts';
import { CHAT } from '../../perf/endpoints/chat.ts';
import { GUEST_CHAT } from '../../perf/endpoints/guest-chat.ts';
import { SEND_REGISTER_CODE } from '../../perf/endpoints/send-register-code.ts';
import { MIX } from '../../perf/journeys/mix.ts';

const config = (o: Partial<SuiteConfig> = {}): SuiteConfig =>
  ({ baseUrl: 'http://10.0.0.9', perfProfile: 'pr', rateScale: 1, allowEffects: [], priorities: undefined, ...o }) as SuiteConfig;

describe('the journey mix, resolved for a run', () => {
  it("judges every step with its endpoint's own bounds from its definition", () => {
    const mix = resolveMix(MIX, config(), true, {});
    expect(mix.journeys.map((j) => [j.def.id, j.weight])).toEqual([['guest', 45], ['user', 55]]);
    expect(mix.stepSlo.chat).toEqual({ latencyMs: CHAT.slo.latencyMs, errorRate: CHAT.slo.errorRate });
    expect(mix.stepSlo['guest-chat']!.latencyMs!.p95).toBe(GUEST_CHAT.slo.latencyMs!.p95);
    expect(Object.keys(mix.stepSlo)).toContain('session-list');
    expect(mix.holdUsersPerS).toBe(MIX.usersPerS);
    expect(mix.stages).toEqual(profileStages(PROFILES.pr, MIX.usersPerS));
    // What it cannot judge per step is named, never passed: TTFT and the other stream bounds.
    expect(Object.keys(mix.skipReasons).find((k) => k.startsWith('every step ›'))).toMatch(/ttftMs/);
  });

  it("moves a step's bounds with PERF_SLO_<ID>, as the endpoint's own run; a malformed one names the variable", () => {
    const mix = resolveMix(MIX, config(), true, { PERF_SLO_CHAT: 'p95<100,errors<0.05' });
    expect(mix.stepSlo.chat).toEqual({ latencyMs: { ...CHAT.slo.latencyMs, p95: 100 }, errorRate: 0.05 });
    expect(() => resolveMix(MIX, config(), true, { PERF_SLO_CHAT: 'p95<<1' })).toThrow(/PERF_SLO_CHAT/);
  });

  it('leaves out bounds and steps the smoke hold has too few samples for, with the reason', () => {
    const mix = resolveMix(MIX, config({ perfProfile: 'smoke' }), true, {});
    expect(mix.stepSlo['share-keyword']).toBeUndefined();
    expect(mix.skipReasons['share-keyword › errorRate, latency']).toMatch(/too few to judge/);
    expect(mix.stepSlo.chat?.latencyMs?.p99).toBeUndefined();
  });

  it('takes PERF_MIX_<JOURNEY> weights; a bad one names the variable before any request', () => {
    const mix = resolveMix(MIX, config(), true, { PERF_MIX_GUEST: '0', PERF_MIX_USER: '3' });
    expect(mix.journeys.map((j) => [j.def.id, j.weight])).toEqual([['user', 3]]);
    expect(mix.dropped.guest).toBe('weight 0 (PERF_MIX_GUEST)');
    expect(() => resolveMix(MIX, config(), true, { PERF_MIX_USER: 'lots' })).toThrow(/^PERF_MIX_USER: expected a weight, a number 0 or more \(got "lots"\)$/);
    expect(() => resolveMix(MIX, config(), true, { PERF_MIX_USER: '-1' })).toThrow(/PERF_MIX_USER/);
  });

  it('drops a journey with an effect outside the API against a real target, unless PERF_ALLOW_EFFECTS allows it', () => {
    const signUp = defineJourney({
      id: 'user',
      name: 'a visitor asks for a registration code',
      weight: 10,
      why: 'test',
      steps: [{ endpoint: SEND_REGISTER_CODE, perUser: 1 }],
      build: async () => async () => undefined,
    });
    const def = { ...MIX, journeys: [MIX.journeys[0], signUp] };
    const real = resolveMix(def, config(), false, {});
    expect(real.journeys.map((j) => j.def.id)).toEqual(['guest']);
    expect(real.dropped.user).toMatch(/effect "email".*PERF_ALLOW_EFFECTS=email allows it/);
    expect(resolveMix(def, config({ allowEffects: ['email'] }), false, {}).journeys).toHaveLength(2);
    expect(resolveMix(def, config(), true, {}).journeys).toHaveLength(2);
  });

  it('is part of a perf run when asked for: `pnpm test:perf journeys` or PERF_JOURNEYS=1', () => {
    const argv = (...a: string[]) => ['node', 'vitest', 'run', '--project', 'perf', ...a];
    expect(journeysSelected(argv(), {})).toBe(false);
    expect(journeysSelected(argv('account'), {})).toBe(false);
    expect(journeysSelected(argv('journeys'), {})).toBe(true);
    expect(journeysSelected(argv(), { PERF_JOURNEYS: '1' })).toBe(true);
  });
});
