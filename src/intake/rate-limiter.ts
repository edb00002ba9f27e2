/**
 * Token buckets per client key, in memory. A bucket refills at `perMinute`/60 per second up to
 * `burst`. Idle buckets are swept so memory stays bounded under address-spraying floods.
 */
export class RateLimiter {
  readonly #rate: number;
  readonly #burst: number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  readonly #maxKeys: number;

  constructor(perMinute: number, burst = Math.max(1, Math.ceil(perMinute / 2)), maxKeys = 200_000) {
    this.#rate = perMinute / 60_000;
    this.#burst = burst;
    this.#maxKeys = maxKeys;
  }

  /**
   * Takes a token; returns 0 when allowed, else the seconds until one is available. `now` is
   * monotonic (performance.now by default): a wall-clock step must neither refill every bucket nor
   * drain one into a wait of many minutes.
   */
  take(key: string, now: number = performance.now()): number {
    let b = this.#buckets.get(key);
    if (!b) {
      if (this.#buckets.size >= this.#maxKeys) this.#sweep(now);
      b = { tokens: this.#burst, at: now };
      this.#buckets.set(key, b);
    } else {
      b.tokens = Math.min(this.#burst, b.tokens + (now - b.at) * this.#rate);
      b.at = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.#rate / 1000));
  }

  /** The seconds `take` would make the key wait, without taking anything (0: a token is there). */
  peek(key: string, now: number = performance.now()): number {
    const b = this.#buckets.get(key);
    if (!b) return 0;
    const tokens = Math.min(this.#burst, b.tokens + (now - b.at) * this.#rate);
    return tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - tokens) / this.#rate / 1000));
  }

  #sweep(now: number): void {
    const full = this.#burst / this.#rate;
    for (const [k, b] of this.#buckets) if (now - b.at >= full) this.#buckets.delete(k);
    // Still full: everyone is active; drop the oldest half rather than grow without bound.
    if (this.#buckets.size >= this.#maxKeys) {
      let n = this.#buckets.size / 2;
      for (const k of this.#buckets.keys()) {
        if (n-- <= 0) break;
        this.#buckets.delete(k);
      }
    }
  }

  get size(): number {
    return this.#buckets.size;
  }
}
