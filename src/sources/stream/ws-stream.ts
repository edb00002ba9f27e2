import { Backoff } from '../backoff.ts';

/** Timing and limits of a stream connection; tests shorten them. */
export type StreamOptions = {
  backoffMinMs: number;
  backoffMaxMs: number;
  /** No message (or heartbeat) for this long: the connection is considered stalled and replaced. */
  idleMs: number;
  connectTimeoutMs: number;
  /** Longer messages are skipped as malformed (a protection against a runaway server). */
  maxMessageBytes: number;
};

export const DEFAULT_STREAM_OPTIONS: StreamOptions = {
  backoffMinMs: 1_000,
  backoffMaxMs: 120_000,
  idleMs: 90_000,
  connectTimeoutMs: 15_000,
  maxMessageBytes: 1_048_576,
};

/** Counters of one stream transport. */
export type StreamStats = { connects: number; disconnects: number; messages: number; oversize: number };

export type WsHandlers = {
  /** The URL for the next connection (it may carry the cursor to resume from). */
  url: () => Promise<string>;
  /** Called once a connection is open: send subscriptions here. */
  onOpen?: (send: (text: string) => void) => void;
  onMessage: (text: string) => void;
  onError?: (message: string) => void;
  /** Sent every `everyMs` while open, for protocols whose quiet subscriptions need a ping. */
  keepAlive?: { everyMs: number; message: string };
};

const decoder = new TextDecoder();

/**
 * A WebSocket that stays connected: reconnects with exponential backoff and full jitter after any
 * close, error, connect timeout or stall, and asks for a fresh URL each time so the caller resumes
 * from its cursor. Uses Node's built-in WebSocket client.
 */
export class WsStream {
  readonly #h: WsHandlers;
  readonly #o: StreamOptions;
  readonly #backoff: Backoff;
  #ws: WebSocket | undefined;
  #timer: NodeJS.Timeout | undefined;
  #idle: NodeJS.Timeout | undefined;
  #ping: NodeJS.Timeout | undefined;
  #stopped = true;
  #closed: (() => void) | undefined;
  readonly stats: StreamStats = { connects: 0, disconnects: 0, messages: 0, oversize: 0 };

  constructor(h: WsHandlers, o: StreamOptions) {
    this.#h = h;
    this.#o = o;
    this.#backoff = new Backoff({ minMs: o.backoffMinMs, maxMs: o.backoffMaxMs });
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    void this.#connect();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    clearTimeout(this.#idle);
    clearInterval(this.#ping);
    const ws = this.#ws;
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    const closed = new Promise<void>((resolve) => {
      this.#closed = resolve;
      setTimeout(resolve, 2_000).unref();
    });
    ws.close();
    await closed;
  }

  async #connect(): Promise<void> {
    if (this.#stopped) return;
    let url: string;
    try {
      url = await this.#h.url();
    } catch (e) {
      this.#h.onError?.(`cannot compute the stream URL: ${(e as Error).message}`);
      return this.#retry();
    }
    if (this.#stopped) return;
    let ws: WebSocket;
    try {
      ws = new WebSocket(url);
    } catch (e) {
      this.#h.onError?.(`cannot open ${url}: ${(e as Error).message}`);
      return this.#retry();
    }
    ws.binaryType = 'arraybuffer';
    this.#ws = ws;
    let opened = false;
    let gotMessage = false;
    this.#arm(this.#o.connectTimeoutMs, ws);
    ws.addEventListener('open', () => {
      opened = true;
      this.stats.connects++;
      this.#arm(this.#o.idleMs, ws);
      try {
        this.#h.onOpen?.((text) => ws.send(text));
      } catch (e) {
        this.#h.onError?.(`subscribing failed: ${(e as Error).message}`);
      }
      const keep = this.#h.keepAlive;
      if (keep) {
        clearInterval(this.#ping);
        this.#ping = setInterval(() => {
          if (ws.readyState === WebSocket.OPEN) ws.send(keep.message);
        }, keep.everyMs);
        this.#ping.unref();
      }
    });
    ws.addEventListener('message', (ev: MessageEvent) => {
      this.stats.messages++;
      if (!gotMessage) {
        gotMessage = true;
        this.#backoff.reset();
      }
      this.#arm(this.#o.idleMs, ws);
      const data: unknown = ev.data;
      const size = typeof data === 'string' ? data.length : data instanceof ArrayBuffer ? data.byteLength : 0;
      if (size > this.#o.maxMessageBytes) {
        this.stats.oversize++;
        return;
      }
      const text = typeof data === 'string' ? data : data instanceof ArrayBuffer ? decoder.decode(data) : '';
      this.#h.onMessage(text);
    });
    ws.addEventListener('error', (ev) => {
      this.#h.onError?.(`stream error: ${(ev as Event & { message?: string }).message ?? 'unknown'}`);
    });
    ws.addEventListener('close', () => {
      clearTimeout(this.#idle);
      if (this.#ws === ws) clearInterval(this.#ping);
      // A lost connection or a failed attempt: both count, unless we are the ones stopping.
      if (opened || !this.#stopped) this.stats.disconnects++;
      if (this.#ws === ws) this.#ws = undefined;
      this.#closed?.();
      this.#closed = undefined;
      this.#retry();
    });
  }

  /** Closes a connection that did not open, or went quiet, within `ms`. */
  #arm(ms: number, ws: WebSocket): void {
    clearTimeout(this.#idle);
    this.#idle = setTimeout(() => {
      this.#h.onError?.('stream stalled: reconnecting');
      try {
        ws.close();
      } catch {
        // Closing a socket that never opened can throw; the close event follows either way.
      }
    }, ms);
    this.#idle.unref();
  }

  #retry(): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#connect(), this.#backoff.next());
    this.#timer.unref();
  }
}
