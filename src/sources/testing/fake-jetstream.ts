import { WsTestServer } from './ws-test-server.ts';

/**
 * A local Jetstream: a log of events by `time_us`; a client connecting with `cursor` gets every
 * event from that time on replayed first (as the real service does), then the live stream.
 */
export class FakeJetstream {
  readonly server = new WsTestServer();
  readonly log: { timeUs: number; text: string }[] = [];
  url = '';

  constructor() {
    this.server.onConnection = (ws, req) => {
      const cursor = new URL(req.url ?? '/', 'http://x').searchParams.get('cursor');
      if (cursor === null) return;
      for (const e of this.log) if (e.timeUs >= Number(cursor)) ws.send(e.text);
    };
  }

  async start(): Promise<string> {
    this.url = `${await this.server.listen()}/subscribe`;
    return this.url;
  }

  /** Appends an event to the log and sends it to connected clients. */
  publish(timeUs: number, text: string): void {
    this.log.push({ timeUs, text });
    this.server.broadcast(text);
  }

  /** Sends a message to connected clients without logging it (malformed input). */
  sendRaw(text: string): void {
    this.server.broadcast(text);
  }

  /** The cursor of each connection (undefined when it did not send one). */
  cursors(): (string | undefined)[] {
    return this.server.urls.map((u) => new URL(u, 'http://x').searchParams.get('cursor') ?? undefined);
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
