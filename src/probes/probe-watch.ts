import { describeReachability, judgeMinute, type Reachability, type VantageState } from './reachability.ts';
import type { ProbeMinute, ProbeRepo } from './repo/probe-repo.ts';

const MINUTE = 60_000;

/** A service's reachability in a minute, with when its current state began and the sentence for it. */
export type WatchedReachability = Reachability & { t: number; since: number | null; text: string };

/**
 * Turns the per-minute probe signals into each service's reachability, minute by minute, remembering since when each
 * service has been in its state (for "failing since 15:50"). A (service, vantage point) without
 * results in the minute (a jittered check landed in the next one) uses the minute before.
 */
export class ProbeWatch {
  readonly #repo: Pick<ProbeRepo, 'minutes'>;
  #verdicts = new Map<string, WatchedReachability>();
  #vantages: VantageState[] = [];
  #t = Number.NEGATIVE_INFINITY;

  constructor(repo: Pick<ProbeRepo, 'minutes'>) {
    this.#repo = repo;
  }

  /** Evaluates the minute starting at t; returns every probed service's reachability. */
  async evaluate(t: number): Promise<Map<string, WatchedReachability>> {
    if (t === this.#t) return this.#verdicts;
    const rows = await this.#repo.minutes(t - MINUTE, t + MINUTE);
    const current = new Set(rows.filter((r) => r.minute === t).map((r) => `${r.service}\u0000${r.vantage}`));
    const use = (r: ProbeMinute) => r.minute === t || !current.has(`${r.service}\u0000${r.vantage}`);
    const { vantages, services } = judgeMinute(rows.filter(use));
    const next = new Map<string, WatchedReachability>();
    for (const v of services) {
      const prev = this.#verdicts.get(v.service);
      const same = prev && prev.state === v.state && prev.layer === v.layer && prev.t >= t - 5 * MINUTE;
      const since = v.state === 'unknown' ? null : same ? prev.since : t;
      next.set(v.service, { ...v, t, since, text: describeReachability(v, since) });
    }
    this.#verdicts = next;
    this.#vantages = vantages;
    this.#t = t;
    return next;
  }

  /** The last evaluated reachability of a service. */
  reachabilityOf(service: string): WatchedReachability | undefined {
    return this.#verdicts.get(service);
  }

  /** Vantage points seen in the last evaluated minute, with their reachability. */
  vantages(): VantageState[] {
    return this.#vantages;
  }
}
