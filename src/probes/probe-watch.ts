import type { ProbeMinute, ProbeRepo } from './repo/probe-repo.ts';
import { describeVerdict, judgeMinute, type ProbeVerdict, type VantageState } from './verdict.ts';

const MINUTE = 60_000;

/** A service's probe verdict for a minute, with when its current state began and the sentence for it. */
export type WatchedVerdict = ProbeVerdict & { t: number; since: number | null; text: string };

/**
 * Turns the per-minute probe signals into verdicts, minute by minute, remembering since when each
 * service has been in its state (for "failing since 15:50"). A (service, vantage point) without
 * results in the minute (a jittered check landed in the next one) uses the minute before.
 */
export class ProbeWatch {
  readonly #repo: Pick<ProbeRepo, 'minutes'>;
  #verdicts = new Map<string, WatchedVerdict>();
  #vantages: VantageState[] = [];
  #t = Number.NEGATIVE_INFINITY;

  constructor(repo: Pick<ProbeRepo, 'minutes'>) {
    this.#repo = repo;
  }

  /** Evaluates the minute starting at t; returns every probed service's verdict. */
  async evaluate(t: number): Promise<Map<string, WatchedVerdict>> {
    if (t === this.#t) return this.#verdicts;
    const rows = await this.#repo.minutes(t - MINUTE, t + MINUTE);
    const current = new Set(rows.filter((r) => r.minute === t).map((r) => `${r.service}\u0000${r.vantage}`));
    const use = (r: ProbeMinute) => r.minute === t || !current.has(`${r.service}\u0000${r.vantage}`);
    const { vantages, services } = judgeMinute(rows.filter(use));
    const next = new Map<string, WatchedVerdict>();
    for (const v of services) {
      const prev = this.#verdicts.get(v.service);
      const same = prev && prev.state === v.state && prev.layer === v.layer && prev.t >= t - 5 * MINUTE;
      const since = v.state === 'unknown' ? null : same ? prev.since : t;
      next.set(v.service, { ...v, t, since, text: describeVerdict(v, since) });
    }
    this.#verdicts = next;
    this.#vantages = vantages;
    this.#t = t;
    return next;
  }

  /** The last evaluated verdict of a service. */
  verdictOf(service: string): WatchedVerdict | undefined {
    return this.#verdicts.get(service);
  }

  /** Vantage points seen in the last evaluated minute, with their reachability. */
  vantages(): VantageState[] {
    return this.#vantages;
  }
}
