import { createParser } from 'eventsource-parser';
import { Backoff } from '../backoff.ts';
import type { StreamOptions, StreamStats } from './ws-stream.ts';

/** One Server-Sent Event. */
export type SseEvent = { event: string; data: string; id: string | undefined };

export type SseHandlers = {
  request: () => { url: string; headers: Record<string, string> };
  /** Runs after the response arrived and before events are read (e.g. to backfill a gap). */
  onConnect?: () => Promise<void>;
  onEvent: (e: SseEvent) => void;
  onError?: (message: string) => void;
};

/**
 * An EventSource-style reader over fetch that stays connected: reconnects with backoff and jitter,
 * drops a connection that goes quiet (servers send heartbeats), and bounds the size of one event.
 */
export class SseStream {
  readonly #h: SseHandlers;
  readonly #o: StreamOptions;
  readonly #backoff: Backoff;
  #abort: AbortController | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = true;
  readonly stats: StreamStats = { connects: 0, disconnects: 0, messages: 0, oversize: 0 };

  constructor(h: SseHandlers, o: StreamOptions) {
    this.#h = h;
    this.#o = o;
    this.#backoff = new Backoff({ minMs: o.backoffMinMs, maxMs: o.backoffMaxMs });
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#abort?.abort();
    await this.#running;
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#running = this.#once().finally(() => this.#schedule(this.#backoff.next()));
    }, ms);
    this.#timer.unref();
  }

  async #once(): Promise<void> {
    const abort = new AbortController();
    this.#abort = abort;
    let idle: NodeJS.Timeout | undefined;
    const arm = (ms: number) => {
      clearTimeout(idle);
      idle = setTimeout(() => abort.abort(new Error('stream stalled')), ms);
      idle.unref();
    };
    let opened = false;
    try {
      const { url, headers } = this.#h.request();
      arm(this.#o.connectTimeoutMs);
      const res = await fetch(url, {
        headers: { accept: 'text/event-stream', ...headers },
        signal: abort.signal,
      });
      if (!res.ok || !res.body) {
        await res.body?.cancel().catch(() => undefined);
        throw new Error(`HTTP ${res.status}`);
      }
      opened = true;
      this.stats.connects++;
      arm(this.#o.idleMs);
      await this.#h.onConnect?.();
      await this.#read(res.body, () => arm(this.#o.idleMs), abort);
    } catch (e) {
      if (!this.#stopped) this.#h.onError?.(`stream: ${(e as Error).message}`);
    } finally {
      clearTimeout(idle);
      if (opened || !this.#stopped) this.stats.disconnects++;
    }
  }

  async #read(body: ReadableStream<Uint8Array>, alive: () => void, abort: AbortController): Promise<void> {
    let first = true;
    let overflow = false;
    // eventsource-parser keeps the WHATWG rules we used to get wrong by hand: a CR at the end of
    // one chunk and the LF at the start of the next are one line end, not an empty line.
    const parser = createParser({
      maxBufferSize: this.#o.maxMessageBytes,
      onEvent: (e) => {
        this.stats.messages++;
        if (first) {
          first = false;
          this.#backoff.reset();
        }
        this.#h.onEvent({ event: e.event ?? 'message', data: e.data, id: e.id });
      },
      onError: (e) => {
        if (e.type === 'max-buffer-size-exceeded') overflow = true;
      },
    });
    const decoder = new TextDecoder();
    for await (const chunk of body) {
      alive();
      parser.feed(decoder.decode(chunk, { stream: true }));
      if (overflow) {
        // An event or line beyond the bound: the server is not speaking SSE any more. Start again
        // (the adapter backfills the gap on connect).
        this.stats.oversize++;
        abort.abort(new Error('event too long'));
        return;
      }
    }
  }
}
