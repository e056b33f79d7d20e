import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/main.ts';
import { decodeWriteRequest, type RwSeries } from '../../src/export/remote-write-proto.ts';
import { startServer } from '../engine/server.ts';

const body = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
  });

describe('perf run --prometheus-rw / PERF_PROMETHEUS_RW_URL', () => {
  it('streams the run to the receiver with run_id, endpoint and scenario labels, Basic auth from the URL, never printing the credentials', async () => {
    const received: RwSeries[] = [];
    const auth: (string | undefined)[] = [];
    const receiver = createServer(async (req, res) => {
      auth.push(req.headers.authorization);
      received.push(...decodeWriteRequest(await body(req)));
      res.writeHead(204).end();
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const port = (receiver.address() as AddressInfo).port;
    const target = await startServer((_req, res) => res.end('{}'));
    try {
      const io = memoryIo({ env: { PERF_RUN_ID: 'rw-cli-1' } });
      const code = await runCli(['run', '--url', `${target.url}/x`, '--rate', '20', '--duration', '2', '--warmup', '0', '-q', '--prometheus-rw', `http://bob:s3cret@127.0.0.1:${port}/api/v1/write`], io);
      expect(code).toBe(0);
      expect([...io.out, ...io.err].join('\n')).not.toContain('s3cret');
      expect(auth.every((a) => a === `Basic ${Buffer.from('bob:s3cret').toString('base64')}`)).toBe(true);
      const names = new Set(received.map((s) => s.labels.__name__));
      for (const n of ['perf_requests_sent_total', 'perf_requests_ok_total', 'perf_target_rate_per_second', 'perf_in_flight_requests', 'perf_latency_seconds', 'perf_generator_valid']) expect(names).toContain(n);
      expect(received.every((s) => s.labels.run_id === 'rw-cli-1' && s.labels.endpoint === 'GET /x')).toBe(true);
    } finally {
      await target.close();
      receiver.close();
    }
  });

  it('a receiver that fails is reported once on stderr and the run still passes; a bad URL exits 2 naming the flag', async () => {
    const receiver = createServer((_req, res) => res.writeHead(500).end());
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const port = (receiver.address() as AddressInfo).port;
    const target = await startServer((_req, res) => res.end('{}'));
    try {
      const io = memoryIo({ env: { PERF_PROMETHEUS_RW_URL: `http://127.0.0.1:${port}/api/v1/write` } });
      expect(await runCli(['run', '--url', `${target.url}/x`, '--rate', '20', '--duration', '1', '--warmup', '0', '-q'], io)).toBe(0);
      const lines = io.err.filter((l) => l.includes('Prometheus remote write'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/writes failed \(first: HTTP 500\); the run itself is unaffected/);
    } finally {
      await target.close();
      receiver.close();
    }
    const bad = memoryIo({ env: {} });
    expect(await runCli(['run', '--url', 'http://127.0.0.1:1/x', '--rate', '1', '--duration', '1', '--prometheus-rw', 'ftp://x'], bad)).toBe(2);
    expect(bad.err.join('\n')).toMatch(/--prometheus-rw: expected an http or https URL/);
  });
});
