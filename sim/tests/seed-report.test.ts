import { describe, expect, it } from 'vitest';
import { buildConfig } from '../profiles.ts';
import { SimRuntime } from '../runtime.ts';
import { seedUsers } from '../seed.ts';
import { fullGc } from '../housekeeping.ts';

describe('seed-report: CPU that grows with the data', () => {
  it('seeds a large user table at start-up and the email scan walks all of it per login', () => {
    expect(buildConfig('seed-report').seedUsers).toBeGreaterThanOrEqual(100_000);
    const rt = new SimRuntime(buildConfig('seed-report', { seedUsers: 0 }));
    const scanned = (n: number, mode: 'scan' | 'index') => {
      const before = rt.state.usersScanned;
      for (let i = 0; i < n; i++) rt.state.findUserByEmail(`missing${i}@teml.net`, mode);
      return rt.state.usersScanned - before;
    };
    seedUsers(rt, { count: 10_000, emailPrefix: 'small' });
    expect(scanned(20, 'scan')).toBe(20 * 10_000);
    seedUsers(rt, { count: 40_000, emailPrefix: 'big' });
    expect(scanned(20, 'scan')).toBe(20 * 50_000);
    expect(scanned(20, 'index')).toBe(0);
    const before = rt.state.usersScanned;
    expect(rt.state.findUserByEmail('BIG40000@teml.net', 'scan')?.email).toBe('big40000@teml.net');
    expect(rt.state.usersScanned - before).toBe(50_000);
  });

  it('create-session burns CPU in proportion to the sessions held, capped', () => {
    const faults = buildConfig('seed-report').faults;
    expect(faults.createSessionCpuUsPerHeld).toBeGreaterThan(0);
    // At the target (100/s) the burn alone passes 80% of a core once 2,000 sessions are held.
    expect(Math.min(faults.createSessionCpuMaxMs, (2_000 * faults.createSessionCpuUsPerHeld) / 1000) * 100).toBeGreaterThanOrEqual(800);
    expect(buildConfig('healthy').faults.createSessionCpuUsPerHeld).toBe(0);
  });
});

describe('healthy: session state leaves memory when idle', () => {
  it('deactivates idle sessions (payload freed, session kept) and reloads them on use', () => {
    const rt = new SimRuntime(buildConfig('healthy', { activationIdleMs: 1_000 }));
    const { state, config } = rt;
    const t0 = 1_000_000;
    const a = state.createSession('u1', false, null, t0);
    state.createSession('u1', false, null, t0 + 900);
    expect(state.sessionBytes).toBe(2 * config.sessionBytes);
    expect(state.deactivateIdle(t0 + 1_500)).toBe(config.sessionBytes);
    expect(a.payload).toBeNull();
    expect(state.sessions.size).toBe(2);
    expect(state.sessionBytes).toBe(config.sessionBytes);
    expect(state.touchSession(a.id, t0 + 1_600)?.payload?.length).toBe(config.sessionBytes);
    expect(state.activations.size).toBe(2);
    expect(state.deactivateIdle(t0 + 10_000)).toBe(2 * config.sessionBytes);
    expect(state.sessionBytes).toBe(0);
  });

  it('never deactivates under the seed-report leak', () => {
    const rt = new SimRuntime(buildConfig('seed-report', { seedUsers: 0, activationIdleMs: 1_000 }));
    rt.state.createSession('u1', false, null, 0);
    expect(rt.state.deactivateIdle(1_000_000)).toBe(0);
    expect(rt.state.sessionBytes).toBe(rt.config.sessionBytes);
  });

  it('can run a full GC when idle', () => {
    expect(typeof fullGc()).toBe('function');
  });
});
