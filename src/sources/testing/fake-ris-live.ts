import { WsTestServer } from './ws-test-server.ts';

/**
 * A local RIS Live: records each connection's `ris_subscribe` messages, answers `ping` with `pong`,
 * and sends `ris_message`s to every client. Like the real service it has no replay.
 */
export class FakeRisLive {
  readonly server = new WsTestServer();
  readonly subscriptions: unknown[][] = [];

  constructor() {
    this.server.onConnection = () => {
      this.subscriptions.push([]);
    };
    this.server.onText = (ws, text) => {
      let msg: { type?: unknown; data?: unknown };
      try {
        msg = JSON.parse(text) as typeof msg;
      } catch {
        return;
      }
      if (msg.type === 'ping') ws.send(JSON.stringify({ type: 'pong', data: null }));
      if (msg.type === 'ris_subscribe') this.subscriptions[this.subscriptions.length - 1]?.push(msg.data);
    };
  }

  async start(): Promise<string> {
    return `${await this.server.listen()}/v1/ws/?client=downwatch-test`;
  }

  send(text: string): void {
    this.server.broadcast(text);
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
