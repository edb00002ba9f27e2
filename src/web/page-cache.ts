import { createHash } from 'node:crypto';

/** A rendered body with its validator. */
export type CachedPage = { body: string; etag: string };

/** Wraps a rendered body with a strong ETag. */
export const cachedPage = (body: string): CachedPage => ({
  body,
  etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 16)}"`,
});

/**
 * Rendered pages (or loaded data) by key, all dropped when the snapshot's version changes, so a
 * flood of readers renders each page once per rebuild. Concurrent misses share one load; failures
 * are not kept. Bounded: when full it starts over (the next rebuild would anyway).
 */
export class VersionedCache<T> {
  readonly #max: number;
  #version = Number.NaN;
  #entries = new Map<string, T | Promise<T>>();

  constructor(max = 2_000) {
    this.#max = max;
  }

  #check(version: number): void {
    if (version !== this.#version) {
      this.#version = version;
      this.#entries = new Map();
    }
    if (this.#entries.size >= this.#max) this.#entries = new Map();
  }

  /** The value for key at this version, built by `make` on a miss. */
  get(version: number, key: string, make: () => T): T {
    this.#check(version);
    const hit = this.#entries.get(key);
    if (hit !== undefined && !(hit instanceof Promise)) return hit;
    const value = make();
    this.#entries.set(key, value);
    return value;
  }

  /** Like `get` for an asynchronous load; one load per key and version however many ask at once. */
  async load(version: number, key: string, make: () => Promise<T>): Promise<T> {
    this.#check(version);
    const hit = this.#entries.get(key);
    if (hit !== undefined) return hit;
    const pending = make();
    this.#entries.set(key, pending);
    try {
      const value = await pending;
      if (this.#entries.get(key) === pending) this.#entries.set(key, value);
      return value;
    } catch (e) {
      if (this.#entries.get(key) === pending) this.#entries.delete(key);
      throw e;
    }
  }
}
