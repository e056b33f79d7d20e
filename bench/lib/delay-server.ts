import { spawn } from 'node:child_process';
import type { Distribution } from '../../src/index.ts';
import { freePort, waitForPort } from './ports.ts';
import { cpuSeconds, stopChild, track } from './proc.ts';
import { nodeScript } from './workers.ts';

/** The fixed-delay node:http server, running in its own process. */
export interface DelayServer {
  url: string;
  pid: number | undefined;
  cpuS(): number;
  /** The server's own measured delay since the last call (request received to response written). */
  takeStats(): Promise<Distribution>;
  stop(): Promise<void>;
}

/** Starts `bench/workers/delay-server.ts` pinned to `cpu`, answering after `delayMs`. */
export async function startDelayServer(cpu: string | undefined, delayMs: number): Promise<DelayServer> {
  const port = await freePort();
  const { cmd, args } = nodeScript(cpu, 'bench/workers/delay-server.ts', [String(port), String(delayMs)]);
  const child = track(spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] }));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const alive = (): boolean => child.exitCode === null && child.signalCode === null;
  try {
    await waitForPort(port, 15_000, alive);
  } catch (err) {
    await stopChild(child);
    throw new Error(`delay server did not start: ${(err as Error).message}\n${stderr}`.trim(), { cause: err });
  }
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    pid: child.pid,
    cpuS: () => cpuSeconds(child.pid),
    async takeStats() {
      const res = await fetch(`${url}__stats`);
      return (await res.json()) as Distribution;
    },
    stop: () => stopChild(child),
  };
}
