import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** A local WebSocket server for adapter tests: knows its clients, can drop them all at once. */
export class WsTestServer {
  readonly http: Server;
  readonly wss: WebSocketServer;
  readonly clients = new Set<WebSocket>();
  /** URL of every connection attempt, in order. */
  readonly urls: string[] = [];
  /** When true, connections are accepted and then left silent (a stalled server). */
  silent = false;
  onConnection: (ws: WebSocket, req: IncomingMessage) => void = () => {};
  onText: (ws: WebSocket, text: string) => void = () => {};

  constructor() {
    this.http = createServer((_req, res) => res.writeHead(426).end());
    this.wss = new WebSocketServer({ server: this.http });
    this.wss.on('connection', (ws, req) => {
      this.urls.push(req.url ?? '');
      this.clients.add(ws);
      ws.on('close', () => this.clients.delete(ws));
      ws.on('error', () => undefined);
      ws.on('message', (data) => {
        if (!this.silent) this.onText(ws, data.toString());
      });
      if (!this.silent) this.onConnection(ws, req);
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.http.listen(0, '127.0.0.1', resolve));
    return `ws://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  /** Sends text to every open client. */
  broadcast(text: string): void {
    for (const c of this.clients) if (c.readyState === c.OPEN) c.send(text);
  }

  /** Drops every connection without a close handshake, as a crashing server or a cut link does. */
  dropAll(): void {
    for (const c of this.clients) c.terminate();
    this.clients.clear();
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}
