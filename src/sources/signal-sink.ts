import type { SourcesRepo } from './repo/sources-repo.ts';
import type { SignalItem } from './types.ts';

export type SinkOptions = {
  /** Largest number of items waiting to be written; more are dropped (and counted). */
  maxPending?: number;
  /** How often buffered items are written. */
  flushMs?: number;
  onError?: (e: unknown) => void;
};

/**
 * Buffers an adapter's items and writes them in batches, one transaction each, with the stream
 * cursor. The cursor is taken after the items it covers were pushed, so a committed cursor never
 * passes an item that is not committed: a crash can replay items (deduplicated) but not lose them.
 * The queue is bounded, so a slow store cannot grow memory without limit.
 */
export class SignalSink {
  readonly #repo: SourcesRepo;
  readonly #max: number;
  readonly #flushMs: number;
  readonly #onError: (e: unknown) => void;
  #pending: SignalItem[] = [];
  #cursor: { source: string; cursor: string } | undefined;
  #writing: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  accepted = 0;
  duplicates = 0;
  dropped = 0;

  constructor(repo: SourcesRepo, o: SinkOptions = {}) {
    this.#repo = repo;
    this.#max = o.maxPending ?? 10_000;
    this.#flushMs = o.flushMs ?? 250;
    this.#onError = o.onError ?? (() => {});
  }

  get pending(): number {
    return this.#pending.length;
  }

  /** Queues an item; false when the queue is full and the item was dropped. */
  push(item: SignalItem): boolean {
    if (this.#pending.length >= this.#max) {
      this.dropped++;
      return false;
    }
    this.#pending.push(item);
    this.#arm();
    return true;
  }

  /** The stream position reached after everything pushed so far. */
  setCursor(source: string, cursor: string): void {
    this.#cursor = { source, cursor };
    this.#arm();
  }

  /** Writes what is queued now; calls are serialised. */
  flush(): Promise<void> {
    const run = this.#writing.then(() => this.#write());
    this.#writing = run.catch(() => undefined);
    return run;
  }

  /** Stops the timer and writes what is left. */
  async close(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.flush().catch(this.#onError);
  }

  #arm(): void {
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.flush().catch(this.#onError);
    }, this.#flushMs);
    this.#timer.unref();
  }

  async #write(): Promise<void> {
    const items = this.#pending;
    const cursor = this.#cursor;
    if (items.length === 0 && !cursor) return;
    this.#pending = [];
    this.#cursor = undefined;
    try {
      for (let i = 0; i < Math.max(1, items.length); i += 1000) {
        const last = i + 1000 >= items.length;
        const r = await this.#repo.record(items.slice(i, i + 1000), last && cursor ? [cursor] : []);
        this.accepted += r.accepted;
        this.duplicates += r.duplicates;
      }
    } catch (e) {
      // Put them back (within the bound) so the next flush retries; dedupe makes a retry safe.
      const room = this.#max - this.#pending.length;
      this.#pending = [...items.slice(0, room), ...this.#pending];
      this.dropped += Math.max(0, items.length - room);
      this.#cursor ??= cursor;
      this.#arm();
      throw e;
    }
  }
}
