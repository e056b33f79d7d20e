// Child process: a node:http server answering 200 after a fixed delay (setTimeout), on
// 127.0.0.1:<argv[2]>. It times its own delay (request received to response written), so the
// timer's lateness is known: GET /__stats returns that distribution and resets it.
import { createServer } from 'node:http';
import { createHistogram, digest, recordMs } from '../../src/index.ts';

const port = Number(process.argv[2]);
const delayMs = Number(process.argv[3] ?? 20);
let h = createHistogram();

const server = createServer((req, res) => {
  if (req.url === '/__stats') {
    const d = digest(h);
    h.destroy();
    h = createHistogram();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(d));
    return;
  }
  const t = performance.now();
  req.resume();
  setTimeout(() => {
    recordMs(h, performance.now() - t);
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' }).end('ok');
  }, delayMs);
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1');
const stop = (): void => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
