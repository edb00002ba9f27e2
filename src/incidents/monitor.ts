import type { Catalog, Service } from '../catalog/catalog.ts';
import { expectedRate } from '../detector/baseline.ts';
import { Fleet, type FleetMember } from '../detector/fleet.ts';
import {
  learnedLevel,
  learningProgress,
  primeSeasonal,
  type SeasonalState,
  seasonalPoisson,
  seedPrior,
} from '../detector/seasonal-poisson.ts';
import type { DetectorReading, Observation } from '../detector/types.ts';
import { SERVICE_STATES, type ServiceState } from '../shared/status-vocabulary.ts';
import { DAY, floorTo, HOUR, MINUTE } from '../shared/time.ts';
import { summariseActivity } from '../store/report-activity.ts';
import type { MinuteActivity, Store } from '../store/store.ts';
import { applyEffects } from './apply-effects.ts';
import { type Corroboration, corroborate, type ExpectedNow } from './corroborate.ts';
import { CrowdWindow } from './crowd-window.ts';
import { decide, type Grouping, type ServiceReading } from './decide.ts';
import { grouping } from './grouping.ts';
import type { IncidentsRepo } from './incidents-repo.ts';
import { weeklyRates } from './weekly-rates.ts';

/** What the monitor tells the rest of the app after each minute. */
export type MonitorListener = (t: number, changed: boolean) => void;

/** How the app wires a monitor; every hook is optional and defaults to doing nothing. */
export type MonitorHooks = {
  /** After each minute, with whether any status or incident changed. */
  onMinute?: MonitorListener;
  /**
   * Whether this node applies incident changes. Every node steps the detectors on the same data
   * (so every node knows the statuses); only the leader writes incidents. Default: always.
   */
  lead?: () => boolean;
  /**
   * A hook on each minute's readings before incidents are decided (probe evidence, docs/adr/0006):
   * it may add evidence and raise a status, never lower one; `lead` tells whether this node writes
   * incidents. Readings keep their order. Default: unchanged.
   */
  adjust?: (t: number, readings: ServiceReading[], lead: boolean) => Promise<ServiceReading[]>;
  /**
   * Outside signals about services in the hour before t ('official', 'posts'), for corroboration
   * (composed in src/app with the outside sources; incidents do not import sources). Default: none.
   */
  outside?: (t: number, services: string[]) => Promise<Map<string, string[]>>;
  /**
   * Called as each `tick` call starts; the function it returns is called when that call settles,
   * failed or not (instrumentation times and counts the detector's minutes this way).
   */
  onTick?: () => () => void;
};

/** ISPs and carriers of one country spike together when people blame their connection: a peer group. */
const peerGroup = (s: Service): string | undefined =>
  s.kind === 'isp' || s.kind === 'mobile' ? `access:${s.countries[0] ?? ''}` : undefined;

/** The median of a list (undefined when empty). */
function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const v = [...values].sort((a, b) => a - b);
  const m = Math.floor(v.length / 2);
  return v.length % 2 === 1 ? v[m] : (v[m - 1]! + v[m]!) / 2;
}

/** The detector's observation for one service from the minute's activity. */
function observation(t: number, a: MinuteActivity | undefined): Observation {
  if (!a || a.reports === 0) return { t, count: 0 };
  return {
    t,
    count: a.reports,
    networks: a.networks,
    topNetworkShare: a.topNetworkReports / a.reports,
    topCountryShare: a.topCountryReports / a.reports,
    peerReports: a.dampedReports,
  };
}

/**
 * Runs the detector over every service, once per completed minute, and turns its readings into
 * incident changes. Impure edge around the pure Fleet and `decide`: it reads the minute's activity,
 * steps the fleet, applies the effects through the incidents repository's verbs. Time comes from the caller, so a
 * replay can drive it minute by minute.
 */
export class Monitor {
  readonly #store: Store;
  readonly #incidents: IncidentsRepo;
  readonly #grouping: Grouping;
  readonly #fleet: Fleet<SeasonalState>;
  readonly #index: Map<string, number>;
  readonly #last: (DetectorReading | undefined)[];
  readonly #runStart: (number | undefined)[];
  #lastT = Number.NEGATIVE_INFINITY;
  #running: Promise<void> = Promise.resolve();
  readonly #onMinute: MonitorListener;
  readonly #lead: () => boolean;
  readonly #adjust: NonNullable<MonitorHooks['adjust']>;
  readonly #outside: NonNullable<MonitorHooks['outside']>;
  readonly #onTick: MonitorHooks['onTick'];
  #raised = new Map<string, ServiceState>();
  readonly #kinds: string[];
  readonly #crowd: CrowdWindow;
  readonly #catalog: Catalog;
  /** What corroborated each service's current elevated run (it stays corroborated for the run). */
  readonly #corroborated = new Map<string, { since: number; by: Corroboration[] }>();

  constructor(store: Store, incidents: IncidentsRepo, catalog: Catalog, hooks: MonitorHooks = {}) {
    this.#store = store;
    this.#incidents = incidents;
    this.#onMinute = hooks.onMinute ?? (() => {});
    this.#lead = hooks.lead ?? (() => true);
    this.#adjust = hooks.adjust ?? (async (_t, v) => v);
    this.#outside = hooks.outside ?? (async () => new Map());
    this.#onTick = hooks.onTick;
    this.#catalog = catalog;
    this.#crowd = new CrowdWindow((slug) => catalog.bySlug.get(slug)?.countries ?? []);
    this.#grouping = grouping(catalog);
    const members: FleetMember[] = catalog.services.map((s) => ({
      id: s.slug,
      provider: s.provider,
      group: peerGroup(s),
    }));
    this.#fleet = new Fleet(seasonalPoisson, members);
    // A new install expects next to nothing of every service (the detector's floor), and says so:
    // a surge is then a surge from the first minutes instead of being learned as normal (ADR 17).
    for (const state of this.#fleet.states) seedPrior(state, state.config.floorRate);
    this.#kinds = catalog.services.map((s) => s.kind);
    this.#index = new Map(members.map((m, i) => [m.id, i]));
    this.#last = members.map(() => undefined);
    this.#runStart = members.map(() => undefined);
  }

  /** The service's status after the last completed minute. */
  statusOf(slug: string): ServiceState {
    const i = this.#index.get(slug);
    return this.#raised.get(slug) ?? (i === undefined ? undefined : this.#last[i]?.status) ?? 'operational';
  }

  /** The last reading's figures for a service (per minute). */
  figures(slug: string): { observed: number; expected: number } | undefined {
    const i = this.#index.get(slug);
    const v = i === undefined ? undefined : this.#last[i];
    return v && { observed: v.observed, expected: v.expected };
  }

  /** The detector's last reading of a service (with its evidence). */
  readingOf(slug: string): DetectorReading | undefined {
    const i = this.#index.get(slug);
    return i === undefined ? undefined : this.#last[i];
  }

  /** How far the service's detector is through its learning period, or null once it has learned. */
  learningOf(slug: string): { minutes: number; of: number } | null {
    const i = this.#index.get(slug);
    return i === undefined ? null : learningProgress(this.#fleet.states[i]!);
  }

  /** Reports per minute the service's baseline expects at time t (the chart's band). */
  expectedAt(slug: string, t: number): number {
    const i = this.#index.get(slug);
    if (i === undefined) return 0;
    const s = this.#fleet.states[i]!;
    return Math.max(s.config.floorRate, expectedRate(s.baseline, t));
  }

  /**
   * Seeds each baseline from the hourly roll-ups of the last four weeks (robust median per hour of
   * week), so a restarted node detects at once instead of relearning. A service without history (newly
   * added to the catalog) gets the median level of the seeded services of its kind (else of all) as
   * its prior, so a surge on it is found from its first minutes.
   */
  async warmUp(now: number): Promise<number> {
    const from = floorTo(now - 28 * DAY, HOUR);
    const to = floorTo(now, HOUR);
    const states = this.#fleet.states;
    const seeded = new Set<number>();
    for (const [slug, i] of this.#index) {
      const rows = await this.#store.series({ service: slug, from, to, resolution: '1h', by: 'none' });
      if (rows.length === 0) continue;
      primeSeasonal(states[i]!, weeklyRates(rows, from, to));
      seeded.add(i);
    }
    const levelOf = (kind?: string) =>
      median(
        [...seeded]
          .filter((j) => kind === undefined || this.#kinds[j] === kind)
          .map((j) => learnedLevel(states[j]!)),
      );
    for (let i = 0; i < states.length; i++) {
      if (seeded.has(i)) continue;
      const prior = levelOf(this.#kinds[i]) ?? levelOf();
      if (prior !== undefined) seedPrior(states[i]!, prior);
    }
    return seeded.size;
  }

  /**
   * Steps the detectors on a minute of observations without touching incidents: for replays that
   * generate long warm-up histories in memory instead of writing them to the store.
   */
  train(t: number, activity: MinuteActivity[]): void {
    const byService = new Map(activity.map((a) => [a.service, a]));
    const verdicts = this.#fleet.step(this.#fleet.members.map((m) => observation(t, byService.get(m.id))));
    verdicts.forEach((v, i) => {
      this.#last[i] = v;
    });
    this.#lastT = t;
  }

  /** Processes the minute starting at `t` (must be complete). Calls are serialised; older minutes are ignored. */
  tick(t: number): Promise<void> {
    const settled = this.#onTick?.();
    const run = this.#running.then(() => this.#tick(floorTo(t, MINUTE)));
    this.#running = run.catch(() => undefined);
    return settled ? run.finally(settled) : run;
  }

  async #tick(t: number): Promise<void> {
    if (t <= this.#lastT) return;
    this.#lastT = t;
    const origins = await this.#store.reportOrigins(t, t + MINUTE);
    this.#crowd.add(t, origins);
    const activity = new Map(summariseActivity(origins).map((a) => [a.service, a]));
    const fleetVerdicts = this.#fleet.step(
      this.#fleet.members.map((m) => observation(t, activity.get(m.id))),
    );
    let changed = false;
    let verdicts: ServiceReading[] = fleetVerdicts.map((v, i) => {
      if (v.status !== this.#last[i]?.status) changed = true;
      this.#last[i] = v;
      const elevated = v.observed > v.expected + 2 * Math.sqrt(v.expected) + 1;
      const start = this.#runStart[i];
      this.#runStart[i] = elevated ? (start ?? t) : v.status === 'operational' ? undefined : start;
      const service = this.#fleet.members[i]!.id;
      // Only ordinary minutes teach the usual country mix.
      if (!elevated && v.status === 'operational') this.#crowd.learn(service);
      return {
        service,
        status: v.status,
        observed: v.observed,
        expected: v.expected,
        since: this.#runStart[i] ?? t,
        evidence: v.evidence,
      };
    });
    const lead = this.#lead();
    const detected = new Map(verdicts.map((v) => [v.service, v.status]));
    verdicts = await this.#corroborate(t, await this.#adjust(t, verdicts, lead), detected);
    const raised = new Map(
      verdicts.flatMap((v, i) =>
        v.status !== this.#last[i]?.status ? [[v.service, v.status] as const] : [],
      ),
    );
    if (JSON.stringify([...raised]) !== JSON.stringify([...this.#raised])) changed = true;
    this.#raised = raised;
    if (!lead) {
      this.#onMinute(t, changed);
      return;
    }
    const open = await this.#incidents.openIncidents();
    if (open.length > 0 || verdicts.some((v) => v.status !== 'operational')) {
      const effects = decide(open, verdicts, t, this.#grouping);
      if (effects.length > 0) {
        await applyEffects(this.#incidents, effects, t);
        changed = true;
      }
    }
    this.#onMinute(t, changed);
  }

  /** Caps uncorroborated crowd surges and those during expected events at "possible problems" (ADR 15). */
  /**
   * `detected`: the statuses before the adjust hook. A status the hook raised (the probes opening
   * on their own) is its own corroboration, like the probes' `probesDown`.
   */
  async #corroborate(
    t: number,
    verdicts: ServiceReading[],
    detected: ReadonlyMap<string, ServiceState>,
  ): Promise<ServiceReading[]> {
    const surging = verdicts.filter((v) => v.status === 'partial_outage' || v.status === 'major_outage');
    for (const [service, c] of this.#corroborated) {
      const v = verdicts.find((x) => x.service === service);
      if (!v || v.status === 'operational' || v.since !== c.since) this.#corroborated.delete(service);
    }
    if (surging.length === 0) return verdicts;
    const outside = await this.#outside(
      t,
      surging.map((v) => v.service),
    );
    return verdicts.map((v) => {
      if (v.status !== 'partial_outage' && v.status !== 'major_outage') return v;
      const earlier = this.#corroborated.get(v.service);
      const raised =
        SERVICE_STATES.indexOf(v.status) > SERVICE_STATES.indexOf(detected.get(v.service) ?? 'operational');
      const { verdict, corroborated } = corroborate(v, v.probesDown === true || raised, {
        mix: this.#crowd.mix(v.service, v.since),
        outside: outside.get(v.service) ?? [],
        elevatedMinutes: Math.round((t - v.since) / MINUTE) + 1,
        corroboratedBefore: earlier?.since === v.since ? earlier.by : [],
        expected: this.#expectedAt(v.service, t, v.since),
      });
      if (corroborated.length > 0) this.#corroborated.set(v.service, { since: v.since, by: corroborated });
      return verdict;
    });
  }

  /** The expected event covering t, or the one the current elevated run began in (its crowd lingers). */
  #expectedAt(service: string, t: number, since: number): ExpectedNow | undefined {
    const e = this.#catalog.expected.find(
      (x) => x.services.includes(service) && ((x.from <= t && t < x.to) || (x.from <= since && since < x.to)),
    );
    return e && { what: e.what, until: e.to };
  }

  /** Ticks each completed minute on the wall clock, a few seconds after it ends (late reports land). */
  start(now: () => number, onError: (e: unknown) => void): { stop: () => void } {
    const timer = setInterval(() => {
      const done = floorTo(now() - 3_000, MINUTE) - MINUTE;
      if (done > this.#lastT) this.tick(done).catch(onError);
    }, 1_000);
    timer.unref();
    return { stop: () => clearInterval(timer) };
  }
}
