import { floorTo, WINDOW } from '../../shared/time.ts';
import type { Claims } from '../sql/append-reports.ts';
import type { Executor } from '../sql/executor.ts';

/**
 * A 64-bit fingerprint of a string as two unsigned 32-bit halves (the mixing of cyrb53, both lanes
 * kept). Two different (service, identity) pairs share one with odds of about n²/2⁶⁵ for n pairs in
 * a window: one in ten million windows of a million reporters.
 */
export function fingerprint(s: string): [number, number] {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0];
}

/**
 * A set of 64-bit fingerprints in one typed array (open addressing, linear probing): 16 to 32 bytes
 * per member outside the JavaScript heap, where a Set of strings would take about 100 and stop at
 * 16.7 million members.
 */
export class FingerprintSet {
  #slots = new Uint32Array(2 * 1024);
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Adds the fingerprint; true if it was not there yet. */
  add(hi: number, lo: number): boolean {
    // (0, 0) marks an empty slot; the one fingerprint that equals it is stored as (0, 1).
    if (hi === 0 && lo === 0) lo = 1;
    if (2 * (this.#size + 1) > this.#slots.length / 2) this.#grow();
    if (!this.#put(this.#slots, hi, lo)) return false;
    this.#size += 1;
    return true;
  }

  #put(slots: Uint32Array, hi: number, lo: number): boolean {
    const mask = slots.length / 2 - 1;
    for (let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask; ; i = (i + 1) & mask) {
      const h = slots[2 * i] as number;
      const l = slots[2 * i + 1] as number;
      if (h === 0 && l === 0) {
        slots[2 * i] = hi;
        slots[2 * i + 1] = lo;
        return true;
      }
      if (h === hi && l === lo) return false;
    }
  }

  #grow(): void {
    const old = this.#slots;
    const next = new Uint32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) {
      const h = old[i] as number;
      const l = old[i + 1] as number;
      if (h !== 0 || l !== 0) this.#put(next, h, l);
    }
    this.#slots = next;
  }
}

/**
 * Dedupe claims for a store with one writer (SQLite): the claimed (identity, service) pairs of the
 * most recently touched windows, held in memory and loaded from the counted rows of `reports` the
 * first time a window is touched (so a restart, or `reset` after a failed transaction, starts again
 * from what is committed). Instead of a random-key insert per report into report_windows, which
 * dirtied a page per report and was most of the cost of a commit.
 */
export class WindowClaims {
  readonly #windows = new Map<number, FingerprintSet>();
  readonly #maxWindows: number;

  constructor(maxWindows = 8) {
    this.#maxWindows = maxWindows;
  }

  /** Forgets everything: after a rolled-back transaction, memory may hold claims that were not written. */
  reset(): void {
    this.#windows.clear();
  }

  /** Claims for one append; call `reset` if its transaction does not commit. */
  readonly claims: Claims = async (tx, batch) => {
    const out: boolean[] = [];
    const touched = new Map<number, FingerprintSet>();
    for (const r of batch) {
      const start = floorTo(r.receivedAt, WINDOW);
      let set = touched.get(start);
      if (!set) {
        set = this.#windows.get(start) ?? (await this.#load(tx, start));
        touched.set(start, set);
      }
      const [hi, lo] = fingerprint(`${r.service}\n${r.identity}`);
      out.push(set.add(hi, lo));
    }
    // Most recently used last; the oldest go once this batch's windows are all in (never one of them
    // mid-batch, which would forget claims this batch has made but not yet written).
    for (const [start, set] of touched) {
      this.#windows.delete(start);
      this.#windows.set(start, set);
    }
    while (this.#windows.size > this.#maxWindows) {
      this.#windows.delete(this.#windows.keys().next().value as number);
    }
    return out;
  };

  async #load(tx: Executor, start: number): Promise<FingerprintSet> {
    const set = new FingerprintSet();
    const rows = await tx.all(
      'SELECT identity, service FROM reports WHERE received_at >= $1 AND received_at < $2 AND counted = 1',
      [start, start + WINDOW],
    );
    for (const row of rows) {
      const [hi, lo] = fingerprint(`${String(row.service)}\n${String(row.identity)}`);
      set.add(hi, lo);
    }
    return set;
  }
}
