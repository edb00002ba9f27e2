import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { mastodonStatus } from '../wire-messages.ts';

type Status = ReturnType<typeof mastodonStatus>;
const newer = (a: string, b: string) => a.length > b.length || (a.length === b.length && a > b);

/**
 * A local Mastodon instance: the public stream as Server-Sent Events (`event: update`, `:thump`
 * heartbeats) and the public timeline with `min_id` paging, both over one log of statuses.
 */
export class FakeMastodon {
  readonly log: Status[] = [];
  readonly streams = new Set<ServerResponse>();
  readonly sockets = new Set<Socket>();
  /** Every `min_id` the timeline was asked for. */
  readonly backfills: string[] = [];
  connections = 0;
  /** Accept streams but send nothing (not even heartbeats). */
  silent = false;
  readonly #server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/api/v1/streaming/public') {
      this.connections++;
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      if (this.silent) res.flushHeaders();
      else res.write(':)\n\n');
      this.streams.add(res);
      res.on('close', () => this.streams.delete(res));
      return;
    }
    if (url.pathname === '/api/v1/timelines/public') {
      const minId = url.searchParams.get('min_id') ?? '0';
      this.backfills.push(minId);
      const limit = Math.min(40, Number(url.searchParams.get('limit') ?? 20));
      const page = this.log
        .filter((s) => newer(s.id, minId))
        .slice(0, limit)
        .reverse();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(page));
      return;
    }
    res.writeHead(404).end('{"error":"Not found"}');
  });
  readonly #beat = setInterval(() => {
    if (!this.silent) for (const s of this.streams) s.write(':thump\n\n');
  }, 100);

  constructor() {
    this.#beat.unref();
    this.#server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  publish(s: Status): void {
    this.log.push(s);
    for (const r of this.streams) r.write(`event: update\ndata: ${JSON.stringify(s)}\n\n`);
  }

  sendRaw(text: string): void {
    for (const r of this.streams) r.write(text);
  }

  dropAll(): void {
    for (const s of this.sockets) s.destroy();
  }

  async close(): Promise<void> {
    clearInterval(this.#beat);
    this.dropAll();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
