import { Worker } from 'node:worker_threads';
import type { AppendResult, NewReport } from '../store.ts';
import type { WriterReply, WriterRequest } from './report-writer.worker.ts';

type Waiter = { resolve: (r: AppendResult[]) => void; reject: (e: Error) => void };

/**
 * Appends reports to a SQLite file from a worker thread, so the event loop never waits for SQLite:
 * not for its CPU (inserts, index updates, counters) nor for the fsync of a commit. The worker has
 * its own connection and the dedupe claims of recent windows (window-claims.ts); it is started on
 * the first append (after migrations) and again after it dies, each time from what is committed.
 * A batch resolves once the worker has committed it and synced the WAL (report-writer.worker.ts).
 * Its counters are derived by the worker within a second, or at once by `deriveCounters`.
 */
export class ReportWriter {
  readonly #file: string;
  #worker: Worker | undefined;
  #nextId = 1;
  readonly #waiting = new Map<number, Waiter>();
  #closed: Promise<void> | undefined;
  /** Batches were sent since the last derivation was asked for. */
  #underived = false;
  #deriving: Promise<void> | undefined;

  constructor(file: string) {
    this.#file = file;
  }

  append(batch: NewReport[]): Promise<AppendResult[]> {
    if (this.#closed) return Promise.reject(new Error('the report writer is closed'));
    this.#underived = true;
    return this.#ask((id) => ({ type: 'append', id, batch }));
  }

  /** Batches were sent whose counters no derivation has been asked for yet (or one is under way). */
  get countersBehind(): boolean {
    return this.#mustAsk || this.#deriving !== undefined;
  }

  get #mustAsk(): boolean {
    return this.#underived && !this.#closed && this.#worker !== undefined;
  }

  /**
   * Resolves once the counters include every batch sent so far (the store calls it before reading
   * counters). Calls that find nothing new share the derivation under way. Never rejects: if the
   * worker fails, the counters are derived by the next worker (or on the next open), and the read
   * goes on with what is there.
   */
  deriveCounters(): Promise<void> {
    if (this.#mustAsk) {
      this.#underived = false;
      const asked = this.#ask((id) => ({ type: 'derive', id })).then(
        () => undefined,
        () => undefined,
      );
      const settled = asked.finally(() => {
        if (this.#deriving === settled) this.#deriving = undefined;
      });
      this.#deriving = settled;
    }
    return this.#deriving ?? Promise.resolve();
  }

  #ask(request: (id: number) => WriterRequest): Promise<AppendResult[]> {
    const id = this.#nextId++;
    return new Promise<AppendResult[]>((resolve, reject) => {
      const worker = this.#start();
      this.#waiting.set(id, { resolve, reject });
      worker.ref();
      try {
        this.#post(worker, request(id));
      } catch (e) {
        // Not cloneable (a function, a symbol): nothing was sent.
        this.#settle(id)?.reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  /** Waits for the batches already sent, then closes the worker's connection. Idempotent. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      const worker = this.#worker;
      if (!worker) return;
      worker.ref();
      await new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.on('message', (m: WriterReply) => {
          if (m.type === 'closed') resolve();
        });
        this.#post(worker, { type: 'close' });
      });
      await worker.terminate();
    })();
    return this.#closed;
  }

  #post(worker: Worker, m: WriterRequest): void {
    worker.postMessage(m);
  }

  #settle(id: number): Waiter | undefined {
    const w = this.#waiting.get(id);
    this.#waiting.delete(id);
    // Idle, the worker must not keep the process alive; busy, it must (a CLI import awaits it).
    if (this.#waiting.size === 0) this.#worker?.unref();
    return w;
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(new URL('./report-writer.worker.ts', import.meta.url), {
      workerData: { file: this.#file },
    });
    this.#worker = worker;
    worker.on('message', (m: WriterReply) => {
      if (m.type === 'appended') this.#settle(m.id)?.resolve(m.results);
      else if (m.type === 'derived') this.#settle(m.id)?.resolve([]);
      else if (m.type === 'failed') this.#settle(m.id)?.reject(new Error(m.message));
    });
    const gone = (why: string) => {
      if (this.#worker !== worker) return;
      this.#worker = undefined;
      // Whatever was in flight is unknown: refuse it (the caller reports 503; nothing is acknowledged).
      for (const id of [...this.#waiting.keys()]) this.#settle(id)?.reject(new Error(why));
    };
    worker.on('error', (e) => gone(`the report writer failed: ${e.message}`));
    worker.on('exit', (code) => gone(`the report writer stopped (exit code ${code})`));
    return worker;
  }
}
