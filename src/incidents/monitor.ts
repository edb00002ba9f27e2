import type { Catalog } from '../catalog/catalog.ts';
import { expectedRate } from '../detector/baseline.ts';
import { primeSeasonal, type SeasonalState, seasonalPoisson } from '../detector/seasonal-poisson.ts';
import type { Observation } from '../detector/types.ts';
import { DAY, floorTo, HOUR, MINUTE } from '../shared/time.ts';
import type { ServiceState } from '../store/incident-types.ts';
import type { Store } from '../store/store.ts';
import { applyEffects } from './apply-effects.ts';
import { decide, type Grouping, type ServiceVerdict } from './decide.ts';
import { grouping } from './grouping.ts';
import { weeklyRates } from './weekly-rates.ts';

type Series = {
  state: SeasonalState;
  status: ServiceState;
  runStart: number | undefined;
  observed: number;
  expected: number;
};

/** What the monitor tells the rest of the app after each minute. */
export type MonitorListener = (t: number, changed: boolean) => void;

/**
 * Runs the detector over every service, once per completed minute, and turns verdicts into
 * incident changes. Impure edge around the pure `decide`: it reads the minute's activity, steps
 * each series, applies the effects through the store's verbs. Time comes from the caller, so a
 * replay can drive it minute by minute.
 */
export class Monitor {
  readonly #store: Store;
  readonly #catalog: Catalog;
  readonly #grouping: Grouping;
  readonly #series = new Map<string, Series>();
  #last = Number.NEGATIVE_INFINITY;
  #running: Promise<void> = Promise.resolve();
  onMinute: MonitorListener = () => {};

  constructor(store: Store, catalog: Catalog) {
    this.#store = store;
    this.#catalog = catalog;
    this.#grouping = grouping(catalog);
    for (const s of catalog.services) {
      this.#series.set(s.slug, {
        state: seasonalPoisson.init(),
        status: 'operational',
        runStart: undefined,
        observed: 0,
        expected: 0,
      });
    }
  }

  /** The service's status after the last completed minute. */
  statusOf(slug: string): ServiceState {
    return this.#series.get(slug)?.status ?? 'operational';
  }

  /** The last verdict's figures for a service (per minute). */
  figures(slug: string): { observed: number; expected: number } | undefined {
    const s = this.#series.get(slug);
    return s && { observed: s.observed, expected: s.expected };
  }

  /** Reports per minute the service's baseline expects at time t (the chart's band). */
  expectedAt(slug: string, t: number): number {
    const s = this.#series.get(slug);
    return s ? Math.max(s.state.config.floorRate, expectedRate(s.state.baseline, t)) : 0;
  }

  /**
   * Seeds each baseline from the hourly roll-ups of the last four weeks (robust median per hour of
   * week), so a restarted node detects at once instead of relearning.
   */
  async warmUp(now: number): Promise<number> {
    const from = floorTo(now - 28 * DAY, HOUR);
    let seeded = 0;
    for (const [slug, s] of this.#series) {
      const rows = await this.#store.series({
        service: slug,
        from,
        to: floorTo(now, HOUR),
        resolution: '1h',
        by: 'none',
      });
      if (rows.length === 0) continue;
      primeSeasonal(s.state, weeklyRates(rows, from, floorTo(now, HOUR)));
      seeded++;
    }
    return seeded;
  }

  /** Processes the minute starting at `t` (must be complete). Calls are serialised; older minutes are ignored. */
  tick(t: number): Promise<void> {
    const run = this.#running.then(() => this.#tick(floorTo(t, MINUTE)));
    this.#running = run.catch(() => undefined);
    return run;
  }

  async #tick(t: number): Promise<void> {
    if (t <= this.#last) return;
    this.#last = t;
    const activity = new Map((await this.#store.minuteActivity(t, t + MINUTE)).map((a) => [a.service, a]));
    const verdicts: ServiceVerdict[] = [];
    let changed = false;
    for (const [slug, s] of this.#series) {
      const a = activity.get(slug);
      const o: Observation = { t, count: a?.reports ?? 0 };
      if (a && a.reports > 0) {
        o.networks = a.networks;
        o.topNetworkShare = a.topNetworkReports / a.reports;
        o.topCountryShare = a.topCountryReports / a.reports;
      }
      const v = seasonalPoisson.step(s.state, o);
      const elevated = v.observed > v.expected + 2 * Math.sqrt(v.expected) + 1;
      s.runStart = elevated ? (s.runStart ?? t) : v.status === 'operational' ? undefined : s.runStart;
      if (v.status !== s.status) changed = true;
      s.status = v.status;
      s.observed = v.observed;
      s.expected = v.expected;
      verdicts.push({
        service: slug,
        status: v.status,
        observed: v.observed,
        expected: v.expected,
        since: s.runStart ?? t,
        evidence: v.evidence,
      });
    }
    const open = await this.#store.openIncidents();
    if (open.length > 0 || verdicts.some((v) => v.status !== 'operational')) {
      const effects = decide(open, verdicts, t, this.#grouping);
      if (effects.length > 0) {
        await applyEffects(this.#store, effects, t);
        changed = true;
      }
    }
    this.onMinute(t, changed);
  }

  /** Ticks each completed minute on the wall clock, a few seconds after it ends (late reports land). */
  start(now: () => number, onError: (e: unknown) => void): { stop: () => void } {
    const timer = setInterval(() => {
      const done = floorTo(now() - 3_000, MINUTE) - MINUTE;
      if (done > this.#last) this.tick(done).catch(onError);
    }, 1_000);
    timer.unref();
    return { stop: () => clearInterval(timer) };
  }
}
