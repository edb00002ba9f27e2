import { UnavailableError } from '../shared/errors.ts';
import type { AppendResult, NewReport } from '../store/store.ts';

type Waiter = { report: NewReport; resolve: (r: AppendResult) => void; reject: (e: unknown) => void };

/**
 * Collects reports for a few milliseconds and commits them in one transaction, so throughput
 * does not pay one fsync per report. Each caller's promise resolves only after its batch is
 * durable; if the commit fails, every caller in the batch gets UnavailableError (nothing is
 * acknowledged that was not written).
 */
export class GroupCommit {
  readonly #write: (batch: NewReport[]) => Promise<AppendResult[]>;
  readonly #maxDelayMs: number;
  readonly #maxBatch: number;
  #pending: Waiter[] = [];
  #timer: NodeJS.Timeout | undefined;
  readonly #inFlight = new Set<Promise<void>>();
  /** Called after each successful commit (e.g. to mark the status snapshot dirty). */
  onCommit: (batch: NewReport[], results: AppendResult[]) => void = () => {};

  constructor(
    write: (batch: NewReport[]) => Promise<AppendResult[]>,
    opts: { maxDelayMs: number; maxBatch: number },
  ) {
    this.#write = write;
    this.#maxDelayMs = opts.maxDelayMs;
    this.#maxBatch = opts.maxBatch;
  }

  submit(report: NewReport): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ report, resolve, reject });
      if (this.#pending.length >= this.#maxBatch) this.#flushNow();
      else this.#timer ??= setTimeout(() => this.#flushNow(), this.#maxDelayMs);
    });
  }

  /** Reports waiting to be committed plus batches being committed. */
  get backlog(): number {
    return this.#pending.length + this.#inFlight.size * this.#maxBatch;
  }

  /** Commits everything pending and waits for in-flight batches (graceful shutdown). */
  async drain(): Promise<void> {
    this.#flushNow();
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  #flushNow(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#pending.length === 0) return;
    const batch = this.#pending;
    this.#pending = [];
    const p = this.#commit(batch).finally(() => this.#inFlight.delete(p));
    this.#inFlight.add(p);
  }

  async #commit(batch: Waiter[]): Promise<void> {
    const reports = batch.map((w) => w.report);
    let results: AppendResult[];
    try {
      results = await this.#write(reports);
    } catch (cause) {
      const err = new UnavailableError('The report store is unavailable; the report was not saved.');
      err.cause = cause;
      for (const w of batch) w.reject(err);
      return;
    }
    for (const [i, w] of batch.entries()) w.resolve(results[i]!);
    this.onCommit(reports, results);
  }
}
