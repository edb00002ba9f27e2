/** Reconnect delays: exponential from `minMs` to `maxMs` with full jitter, reset after a healthy spell. */
export type BackoffOptions = { minMs: number; maxMs: number; random?: () => number };

export class Backoff {
  readonly #min: number;
  readonly #max: number;
  readonly #random: () => number;
  #attempt = 0;

  constructor(o: BackoffOptions) {
    this.#min = o.minMs;
    this.#max = Math.max(o.minMs, o.maxMs);
    this.#random = o.random ?? Math.random;
  }

  /** Consecutive failures so far. */
  get attempt(): number {
    return this.#attempt;
  }

  /**
   * The wait before the next try: uniform in [min, cap], where cap doubles per failure. Full jitter
   * spreads many clients that lost the same server, so they do not return in one wave.
   */
  next(): number {
    const cap = Math.min(this.#max, this.#min * 2 ** Math.min(this.#attempt, 30));
    this.#attempt++;
    return Math.round(this.#min + this.#random() * (cap - this.#min));
  }

  reset(): void {
    this.#attempt = 0;
  }
}
