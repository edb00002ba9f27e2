import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Received = { method: string; path: string; headers: IncomingHttpHeaders; body: string };
export type Answer = { status: number; body?: string; headers?: Record<string, string> };

/**
 * Checks a request the way the real service does; returns the service's own refusal (a 400 and
 * its documented error body) for a payload it would not accept, or null to go on.
 */
export type RequestCheck = (r: Received) => Answer | null;

/**
 * An HTTP receiver on 127.0.0.1 for tests: records every request and answers from a script
 * (`answers`, first to last) or with `ok` once the script is used up. With `check`, a request the
 * real service would refuse is refused (and not recorded), so a channel cannot pass by sending junk.
 */
export async function httpReceiver(ok: Answer = { status: 200, body: 'ok' }, check?: RequestCheck) {
  const received: Received[] = [];
  const answers: Answer[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const refused = check?.(r);
      if (!refused) received.push(r);
      const a = refused ?? answers.shift() ?? ok;
      res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
      res.end(a.body ?? '');
    });
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    answers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
