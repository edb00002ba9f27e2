import { UnavailableError } from '../shared/errors.ts';
import type { AppendResult, NewReport } from '../store/store.ts';

type Waiter = { report: NewReport; resolve: (r: AppendResult) => void; reject: (e: unknown) => void };

export type GroupCommitOptions = {
  /**
   * Extra time a report may wait for others to join its batch. 0 (the default): a batch closes at
   * the end of the event-loop turn in which its first report arrived, or, while the store is busy,
   * when the commit ahead of it finishes: at low load a report waits for nothing, under load
   * batches grow to match what the store can take.
   */
  maxDelayMs: number;
  /** Largest batch in one transaction. */
  maxBatch: number;
  /** Commits allowed at the same time (1 for a single-writer store such as SQLite). */
  maxInFlight?: number;
  /** Called after each successful commit (the app tells other nodes that reports arrived). */
  onCommit?: (batch: NewReport[], results: AppendResult[]) => void;
};

/**
 * Collects reports and commits them in one transaction, so throughput does not pay one fsync per
 * report. Each caller's promise resolves only after its batch is durable; if the commit fails,
 * every caller in the batch gets UnavailableError (nothing is acknowledged that was not written).
 */
export class GroupCommit {
  readonly #write: (batch: NewReport[]) => Promise<AppendResult[]>;
  readonly #maxDelayMs: number;
  readonly #maxBatch: number;
  readonly #maxInFlight: number;
  #pending: Waiter[] = [];
  #scheduled: NodeJS.Timeout | NodeJS.Immediate | undefined;
  readonly #inFlight = new Set<Promise<void>>();
  #inFlightReports = 0;
  /** The last commit's failure (monotonic time and reason), cleared by the next commit that works. */
  #failure: { at: number; reason: string } | undefined;
  readonly #onCommit: (batch: NewReport[], results: AppendResult[]) => void;

  constructor(write: (batch: NewReport[]) => Promise<AppendResult[]>, opts: GroupCommitOptions) {
    this.#write = write;
    this.#maxDelayMs = opts.maxDelayMs;
    this.#maxBatch = opts.maxBatch;
    this.#maxInFlight = Math.max(1, opts.maxInFlight ?? 1);
    this.#onCommit = opts.onCommit ?? (() => {});
  }

  submit(report: NewReport): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ report, resolve, reject });
      if (this.#pending.length >= this.#maxBatch) this.#flush();
      else this.#schedule();
    });
  }

  /** Reports waiting to be committed plus reports being committed. */
  get backlog(): number {
    return this.#pending.length + this.#inFlightReports;
  }

  /**
   * Why reports cannot be saved, if the last commit failed within `withinMs`; else undefined.
   * Readiness uses it: a store can answer `SELECT 1` while every write fails (disk full, read-only).
   */
  failing(withinMs = 30_000): string | undefined {
    const f = this.#failure;
    return f && performance.now() - f.at <= withinMs ? f.reason : undefined;
  }

  /** Commits everything pending and waits for in-flight batches (graceful shutdown). */
  async drain(): Promise<void> {
    for (;;) {
      this.#flush();
      if (this.#inFlight.size === 0) return;
      await Promise.allSettled([...this.#inFlight]);
    }
  }

  #schedule(): void {
    if (this.#scheduled || this.#inFlight.size >= this.#maxInFlight) return;
    const close = () => {
      this.#scheduled = undefined;
      this.#flush();
    };
    this.#scheduled = this.#maxDelayMs > 0 ? setTimeout(close, this.#maxDelayMs) : setImmediate(close);
  }

  #unschedule(): void {
    if (!this.#scheduled) return;
    clearTimeout(this.#scheduled as NodeJS.Timeout);
    clearImmediate(this.#scheduled as NodeJS.Immediate);
    this.#scheduled = undefined;
  }

  /** Starts as many batches as free commit slots allow. */
  #flush(): void {
    this.#unschedule();
    while (this.#pending.length > 0 && this.#inFlight.size < this.#maxInFlight) {
      const batch =
        this.#pending.length <= this.#maxBatch ? this.#pending : this.#pending.slice(0, this.#maxBatch);
      this.#pending = batch === this.#pending ? [] : this.#pending.slice(this.#maxBatch);
      this.#inFlightReports += batch.length;
      const p: Promise<void> = this.#commit(batch, () => {
        this.#inFlight.delete(p);
        this.#inFlightReports -= batch.length;
        // Reports that arrived meanwhile have waited long enough: send them to the store before
        // answering this batch's callers, so the store works while the answers go out.
        if (this.#pending.length > 0) this.#flush();
      });
      this.#inFlight.add(p);
    }
  }

  async #commit(batch: Waiter[], done: () => void): Promise<void> {
    const reports = batch.map((w) => w.report);
    let results: AppendResult[];
    try {
      results = await this.#write(reports);
    } catch (cause) {
      this.#failure = {
        at: performance.now(),
        reason: cause instanceof Error ? cause.message : String(cause),
      };
      done();
      const err = new UnavailableError('The report store is unavailable; the report was not saved.');
      err.cause = cause;
      for (const w of batch) w.reject(err);
      return;
    }
    this.#failure = undefined;
    done();
    for (const [i, w] of batch.entries()) w.resolve(results[i]!);
    this.#onCommit(reports, results);
  }
}
