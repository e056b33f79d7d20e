import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorKind } from '../../src/core/outcome.ts';
import type { RequestSpec } from '../../src/http/types.ts';
import { runLoad } from '../../src/load/run-load.ts';
import type { RunLoadOptions } from '../../src/load/types.ts';
import { startServer, type TestServer } from './server.ts';

let srv: TestServer;
let refusedUrl: string;
/** Answers `GET /<case>` with the raw bytes of that case: responses undici's HTTP/1.1 parser rejects. */
let raw: TcpServer;
let rawUrl: string;
const MALFORMED: Record<string, string> = {
  'not-http': 'garbage garbage\r\n\r\n',
  'bad-status': 'HTTP/1.1 abc OK\r\n\r\n',
  'bad-header': 'HTTP/1.1 200 OK\r\nbad header line\r\ncontent-length: 2\r\n\r\nok',
  'bad-length': 'HTTP/1.1 200 OK\r\ncontent-length: xx\r\n\r\nok',
  'bad-chunk': 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\nok\r\n0\r\n\r\n',
  'two-lengths': 'HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-length: 3\r\n\r\nok',
  'huge-headers': `HTTP/1.1 200 OK\r\nx-big: ${'h'.repeat(20 * 1024)}\r\ncontent-length: 2\r\n\r\nok`,
  'stream-bad-chunk': 'HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\nf\r\ndata: {"n":1}\n\n\r\nzz\r\n',
};
/** `/big`: bytes the server wrote and sockets it saw closed. */
const big = { bytes: 0, closed: 0, requests: 0 };
const BIG_LIMIT = 50 * 1024 * 1024;

beforeAll(async () => {
  srv = await startServer((req, res) => {
    const path = req.url ?? '/';
    const status = /^\/status\/(\d+)$/.exec(path);
    if (status) {
      res.writeHead(Number(status[1]), { 'content-type': 'text/plain' });
      res.end('failure text');
    } else if (path === '/hang') {
      // never answers
    } else if (path === '/reset') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"partial":');
      setTimeout(() => res.socket?.destroy(), 20);
    } else if (path === '/json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"code":"20000","data":{"n":1}}');
    } else if (path === '/garbage') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('<html>oops</html>');
    } else if (path === '/big') {
      big.requests++;
      res.socket?.once('close', () => big.closed++);
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, ' ');
      const pump = (): void => {
        while (!res.destroyed && big.bytes < BIG_LIMIT) {
          big.bytes += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        if (!res.destroyed) res.end('{}');
      };
      pump();
    } else if (path === '/sse-cut') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"n":1}\n\n');
      setTimeout(() => res.socket?.destroy(), 30);
    } else {
      res.writeHead(200);
      res.end('ok');
    }
  });
  const closed = await startServer(() => {});
  refusedUrl = closed.url;
  await closed.close();
  raw = createTcpServer((socket) => {
    socket.on('error', () => {});
    socket.once('data', (d) => {
      const name = /^GET \/([\w-]+)/.exec(d.toString('latin1'))?.[1] ?? '';
      socket.end(MALFORMED[name] ?? 'HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n');
    });
  });
  await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
  rawUrl = `http://127.0.0.1:${(raw.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await srv.close();
  await new Promise((resolve) => raw.close(resolve));
});

async function only(spec: RequestSpec, extra: Partial<RunLoadOptions> = {}) {
  return runLoad({
    baseUrl: srv.url,
    scenario: spec,
    model: { type: 'arrival-rate', startRate: 10, stages: [{ durationS: 0.4, target: 10 }] },
    warmupS: 0,
    timeoutMs: 2000,
    ...extra,
  });
}

function expectAll(s: Awaited<ReturnType<typeof only>>, kind: ErrorKind): void {
  expect(s.requests.scheduled).toBe(4);
  expect(s.requests.completed).toBe(4);
  expect(s.requests.ok).toBe(0);
  expect(s.requests.failed).toBe(4);
  expect(s.errors).toEqual({ [kind]: 4 });
  expect(s.errorRate).toBe(1);
  expect(s.errorMessages?.[kind]).toBeTypeOf('string');
}

describe('request outcomes', () => {
  it.each([
    [404, 'http_4xx'],
    [429, 'http_429'],
    [500, 'http_5xx'],
    [503, 'http_5xx'],
    [524, 'http_524'],
    [302, 'http_other'],
  ] as const)('status %i is %s', async (status, kind) => {
    const s = await only({ url: `/status/${status}` });
    expectAll(s, kind);
    expect(s.statusCodes).toEqual({ [String(status)]: 4 });
  });

  it('an expected non-2xx status is ok', async () => {
    const s = await only({ url: '/status/404', expectStatus: [404] });
    expect(s.requests.ok).toBe(4);
    expect(s.errorRate).toBe(0);
  });

  it('a request with no answer within timeoutMs is a timeout', async () => {
    const s = await only({ url: '/hang', timeoutMs: 150 });
    expectAll(s, 'timeout');
    expect(s.errorMessages?.timeout).toBe('no complete response within 150 ms');
    expect(s.latencyMs.count).toBe(0);
    expect(s.failedLatencyMs?.p50).toBeGreaterThanOrEqual(140);
  });

  it('a refused connection is a connect_error', async () => {
    const s = await only({ url: `${refusedUrl}/x` });
    expectAll(s, 'connect_error');
    expect(s.statusCodes).toEqual({});
    expect(s.errorMessages?.connect_error).toContain('ECONNREFUSED');
  });

  it('a connection reset mid-body is a reset_error', async () => {
    const s = await only({ url: '/reset' });
    expectAll(s, 'reset_error');
  });

  it('a body the check rejects, a throwing check and an unparseable body are invalid_body', async () => {
    const parse = (body: string): string | undefined => ((JSON.parse(body) as { code?: string }).code === '20000' ? undefined : 'bad code');
    const good = await only({ url: '/json', check: (r) => parse(r.body) });
    expect(good.requests.ok).toBe(4);
    const rejected = await only({ url: '/json', check: (r) => (r.headers['content-type'] === 'application/json' ? 'rejected on purpose' : undefined) });
    expectAll(rejected, 'invalid_body');
    expect(rejected.errorMessages?.invalid_body).toBe('rejected on purpose');
    const thrown = await only({ url: '/garbage', check: (r) => parse(r.body) });
    expectAll(thrown, 'invalid_body');
    expect(thrown.errorMessages?.invalid_body).toMatch(/check threw/);
  });

  it('a 200 whose check reports an application error is api_error, counted per code with its first message', async () => {
    let n = 0;
    const s = await only({ url: '/json', check: () => (n++ % 2 === 0 ? { apiCode: '50000', message: `friendly ${n}` } : { apiCode: '-1', message: 'Your request is not valid!' }) });
    expectAll(s, 'api_error');
    expect(s.statusCodes).toEqual({ '200': 4 });
    expect(s.apiCodes).toEqual({ '50000': 2, '-1': 2 });
    expect(s.apiMessages?.['50000']).toBe('api error code 50000: friendly 1');
    expect(s.apiMessages?.['-1']).toMatch(/not valid/);
    expect(s.steps['request']?.apiCodes).toEqual({ '50000': 2, '-1': 2 });
    const fine = await only({ url: '/json', check: () => undefined });
    expect(fine.apiCodes).toEqual({});
  });

  it('records the body size of every measured response', async () => {
    const s = await only({ url: '/json' });
    const bytes = Buffer.byteLength('{"code":"20000","data":{"n":1}}');
    expect(s.responseBytes).toEqual({ count: 4, mean: bytes, p50: bytes, p95: bytes, max: bytes });
    const none = await only({ url: refusedUrl + '/x', timeoutMs: 500 });
    expect(none.responseBytes.count).toBe(0);
  });

  it.each(Object.keys(MALFORMED))('a response that is not valid HTTP/1.1 (%s) is a protocol_error', async (name) => {
    const s = await only({ url: `${rawUrl}/${name}`, check: () => undefined });
    expectAll(s, 'protocol_error');
  });

  it('malformed HTTP after an event stream began cuts the stream: stream_aborted, naming the parser error', async () => {
    const s = await only({ url: `${rawUrl}/stream-bad-chunk`, sse: true });
    expectAll(s, 'stream_aborted');
    expect(s.stream).toMatchObject({ events: 4, aborted: 4, completed: 0 });
    expect(s.errorMessages?.stream_aborted).toMatch(/^stream cut after 1 events: .*chunk size/);
  });

  it('a body past maxBodyBytes is invalid_body, for a check and for a capture, and its connection is closed', async () => {
    const checked = await only({ url: '/big', check: () => undefined }, { maxBodyBytes: 256 * 1024 });
    expectAll(checked, 'invalid_body');
    expect(checked.errorMessages?.invalid_body).toBe('body larger than 262144 bytes (maxBodyBytes)');
    const captured = await only({ url: '/big', captureBody: true }, { maxBodyBytes: 256 * 1024 });
    expectAll(captured, 'invalid_body');
    await expect.poll(() => big.closed, { timeout: 5000 }).toBe(big.requests);
    expect(big.requests).toBe(8);
    expect(big.bytes).toBeLessThan(BIG_LIMIT);
  });

  it('an SSE stream cut short is stream_aborted', async () => {
    const s = await only({ url: '/sse-cut', sse: true });
    expectAll(s, 'stream_aborted');
    expect(s.stream?.aborted).toBe(4);
    expect(s.stream?.events).toBe(4);
  });

  it('an iteration refused by the in-flight cap is dropped', async () => {
    const s = await only({ url: '/hang', timeoutMs: 300 }, { maxInFlight: 1 });
    expect(s.requests.dropped).toBeGreaterThanOrEqual(2);
    expect(s.errors.dropped).toBe(s.requests.dropped);
    expect(s.errors.timeout).toBe(s.requests.sent);
    expect(s.errorRate).toBe(1);
  });
});
