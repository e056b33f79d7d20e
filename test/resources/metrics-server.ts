import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local HTTP server answering every request with `handler()`; for sampler tests. */
export async function startTextServer(
  handler: (path: string) => { status?: number; body: string; delayMs?: number; hold?: boolean },
): Promise<{ url: string; hits: () => number; held: () => number; close: () => Promise<void> }> {
  let hits = 0;
  let held = 0;
  const server: Server = createServer((req, res) => {
    hits++;
    const answer = handler(req.url ?? '/');
    if (answer.hold) {
      // never answered: the connection is destroyed by close()
      held++;
      return;
    }
    const send = (): void => {
      res.writeHead(answer.status ?? 200, { 'content-type': 'text/plain' });
      res.end(answer.body);
    };
    if (answer.delayMs) setTimeout(send, answer.delayMs);
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits: () => hits,
    held: () => held,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
