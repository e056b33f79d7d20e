import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { setup, teardown } from '../perf/global-setup.ts';
import { resetConfig } from './config.ts';

function fakeProject() {
  const provided: Record<string, unknown> = {};
  return { provided, project: { provide: (k: string, v: unknown) => void (provided[k] = v) } as never };
}

const saved = { BASE_URL: process.env.BASE_URL, SIM_PROFILE: process.env.SIM_PROFILE };

afterEach(async () => {
  await teardown();
  if (saved.BASE_URL === undefined) delete process.env.BASE_URL;
  else process.env.BASE_URL = saved.BASE_URL;
  if (saved.SIM_PROFILE === undefined) delete process.env.SIM_PROFILE;
  else process.env.SIM_PROFILE = saved.SIM_PROFILE;
  resetConfig();
});

describe('perf global setup', () => {
  it('fails naming BASE_URL when the target does not answer', async () => {
    process.env.BASE_URL = 'http://127.0.0.1:9';
    resetConfig();
    const { project } = fakeProject();
    await expect(setup(project)).rejects.toThrow(/BASE_URL=http:\/\/127\.0\.0\.1:9 does not answer/);
  });

  it('starts the simulator when BASE_URL is unset, provides its URL and stops it in teardown', async () => {
    delete process.env.BASE_URL;
    process.env.SIM_PROFILE = 'fast';
    resetConfig();
    const { project, provided } = fakeProject();
    await setup(project);
    expect(provided.perfEmbeddedSim).toBe(true);
    const url = provided.perfBaseUrl as string;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(process.env.PERF_RUN_ID).toBeTruthy();
    const res = await request(`${url}/api/godgpt/query-version`);
    expect(res.statusCode).toBe(200);
    await res.body.dump();
    await teardown();
    await expect(request(`${url}/api/godgpt/query-version`)).rejects.toThrow();
  });

  it('names PERF_PROFILE when the profile is unknown', async () => {
    process.env.BASE_URL = 'http://127.0.0.1:9';
    const prev = process.env.PERF_PROFILE;
    process.env.PERF_PROFILE = 'nightly';
    resetConfig();
    try {
      await expect(setup(fakeProject().project)).rejects.toThrow(/PERF_PROFILE="nightly" is not a load profile/);
    } finally {
      if (prev === undefined) delete process.env.PERF_PROFILE;
      else process.env.PERF_PROFILE = prev;
    }
  });
});
