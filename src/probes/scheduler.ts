import { createHash } from 'node:crypto';
import type { Check } from './check.ts';
import type { ProbeResult } from './result.ts';

export type SchedulerOptions = {
  /** Runs one check (with its own timeout and retries); must not throw. */
  run: (check: Check, signal: AbortSignal) => Promise<ProbeResult>;
  onResult: (r: ProbeResult) => void;
  /** Checks running at once (default 200). */
  concurrency?: number;
  /** Random delay added to each run, as a fraction of the interval (default 0.1, at most 10 s). */
  jitter?: number;
  now?: () => number;
  random?: () => number;
};

type Entry = { check: Check; base: number; due: number; fired: number; busy: boolean; gen: number };

/** A fixed phase per check id in [0, interval): checks spread evenly over the interval, stable across restarts. */
const phaseOf = (id: string, intervalMs: number): number =>
  createHash('sha1').update(id).digest().readUInt32BE(0) % intervalMs;

/**
 * Runs each check every `interval` seconds, spread over the interval by a per-check phase plus a
 * random jitter, with at most `concurrency` checks in flight. A check whose previous run has not
 * finished is skipped for that round (counted), never run twice at once. One timer for all checks
 * (a binary heap of due times), so 10,000 checks cost 10,000 heap entries and nothing more.
 */
export class Scheduler {
  readonly #o: Required<Omit<SchedulerOptions, 'run' | 'onResult'>> &
    Pick<SchedulerOptions, 'run' | 'onResult'>;
  #heap: Entry[] = [];
  #entries = new Map<string, Entry>();
  #ready: Entry[] = [];
  #running = 0;
  #timer: NodeJS.Timeout | undefined;
  #stopped = true;
  #abort = new AbortController();
  #gen = 0;
  #idle: (() => void)[] = [];
  readonly stats = { started: 0, completed: 0, skipped: 0, lagMs: [] as number[] };

  constructor(opts: SchedulerOptions) {
    this.#o = {
      concurrency: 200,
      jitter: 0.1,
      now: Date.now,
      random: Math.random,
      ...opts,
    };
  }

  get running(): number {
    return this.#running;
  }
  get size(): number {
    return this.#entries.size;
  }

  /** Replaces the set of checks; unchanged checks keep their schedule. */
  setChecks(checks: Check[]): void {
    const now = this.#o.now();
    const next = new Map<string, Entry>();
    this.#gen++;
    for (const check of checks) {
      const old = this.#entries.get(check.id);
      const interval = check.interval * 1000;
      if (old && old.check.interval === check.interval) {
        old.check = check;
        old.gen = this.#gen;
        next.set(check.id, old);
        continue;
      }
      const phase = phaseOf(check.id, interval);
      const base = now - (now % interval) + phase + (now % interval > phase ? interval : 0);
      next.set(check.id, { check, base, due: base, fired: base, busy: old?.busy ?? false, gen: this.#gen });
    }
    this.#entries = next;
    this.#heap = [...next.values()].sort((a, b) => a.due - b.due);
    this.#ready = this.#ready.filter((e) => e.gen === this.#gen);
    if (!this.#stopped) this.#arm();
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#abort = new AbortController();
    this.#arm();
  }

  /** Stops scheduling; running checks are cancelled and awaited. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#ready = [];
    this.#abort.abort();
    if (this.#running > 0) await new Promise<void>((resolve) => this.#idle.push(resolve));
  }

  #arm(): void {
    clearTimeout(this.#timer);
    if (this.#stopped || this.#heap.length === 0) return;
    const wait = Math.min(1000, Math.max(0, this.#heap[0]!.due - this.#o.now()));
    this.#timer = setTimeout(() => this.#tick(), wait);
    this.#timer.unref?.();
  }

  #tick(): void {
    const now = this.#o.now();
    while (this.#heap.length > 0 && this.#heap[0]!.due <= now) {
      const e = this.#pop();
      if (e.gen !== this.#gen) continue;
      if (e.busy) this.stats.skipped++;
      else {
        e.busy = true;
        e.fired = e.due;
        this.#ready.push(e);
      }
      const interval = e.check.interval * 1000;
      e.base += interval;
      // After a long pause (a suspended laptop), skip the missed rounds instead of running them all.
      if (e.base <= now - interval) e.base += Math.ceil((now - e.base) / interval) * interval;
      e.due = e.base + Math.min(10_000, this.#o.random() * this.#o.jitter * interval);
      this.#push(e);
    }
    this.#pump();
    this.#arm();
  }

  #pump(): void {
    while (this.#running < this.#o.concurrency && this.#ready.length > 0) {
      const e = this.#ready.shift()!;
      this.#running++;
      this.stats.started++;
      const lag = this.#o.now() - e.fired;
      if (this.stats.lagMs.length < 100_000) this.stats.lagMs.push(Math.max(0, lag));
      this.#o
        .run(e.check, this.#abort.signal)
        .then((r) => {
          this.stats.completed++;
          if (!this.#abort.signal.aborted) this.#o.onResult(r);
        })
        .catch(() => undefined)
        .finally(() => {
          e.busy = false;
          this.#running--;
          if (this.#running === 0) for (const f of this.#idle.splice(0)) f();
          if (!this.#stopped) this.#pump();
        });
    }
  }

  #push(e: Entry): void {
    const h = this.#heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p]!.due <= h[i]!.due) break;
      [h[p], h[i]] = [h[i]!, h[p]!];
      i = p;
    }
  }

  #pop(): Entry {
    const h = this.#heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l]!.due < h[m]!.due) m = l;
        if (r < h.length && h[r]!.due < h[m]!.due) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i]!, h[m]!];
        i = m;
      }
    }
    return top;
  }
}
