/**
 * A small world for abuse replays: the real app (SQLite store, monitor, probes, incidents) on a
 * virtual clock with the built-in catalog plus test/fixtures/abuse-catalog, a week of quiet
 * history trained in memory, then minute by minute: background reports, the scenario's crowds
 * written through the store, probe results through the probes' ingestion, one monitor tick.
 * Shared by test/abuse-replays.test.ts and bench/abuse.
 */
import { fileURLToPath } from 'node:url';
import { createTestApp } from '../../src/app/testing/test-app.ts';
import type { ProbeResult } from '../../src/probes/result.ts';
import { VirtualClock } from '../../src/replay/virtual-clock.ts';
import type { ServiceState } from '../../src/shared/status-vocabulary.ts';
import type { MinuteActivity, NewReport } from '../../src/store/store.ts';

export const MINUTE = 60_000;
export const FIXTURE_CATALOG = fileURLToPath(new URL('../fixtures/abuse-catalog', import.meta.url));
export const VANTAGES = ['ams', 'fra', 'iad', 'sin', 'gru'];
const COUNTRIES = ['US', 'BR', 'IN', 'ID', 'DE', 'GB', 'VN', 'MX'];

/** Background reports per minute: busy consumer services, the rest about one per 15 minutes. */
const BUSY: Record<string, number> = {
  facebook: 3,
  instagram: 3,
  whatsapp: 3,
  youtube: 2,
  x: 2,
  chatgpt: 2,
  discord: 1,
  telkomsel: 0.5,
  'new-game': 2,
};
export const rateOf = (service: string): number => BUSY[service] ?? 1 / 15;

/** A crowd: `identities` reports this minute from `networks` /24s, spread over `countries`. */
export type Crowd = {
  service: string;
  identities: number;
  networks: number;
  countries: readonly string[];
  /** A distinct prefix per crowd keeps its networks and identities apart from others'. */
  tag: string;
  hosting?: boolean;
  /** The /24s belong to this many ASNs (default one per /24). */
  asns?: number;
};

/** A probe failure from every vantage point ("http:HTTP_500"); services listed in `probed` pass. */
export type ProbePlan = { probed: readonly string[]; failing: ReadonlyMap<string, string> };

const hash = (s: string): number => {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
};

export class AbuseWorld {
  readonly app: Awaited<ReturnType<typeof createTestApp>>;
  readonly clock: VirtualClock;
  readonly services: string[];
  #t: number;
  #seq = 0;

  private constructor(app: AbuseWorld['app'], clock: VirtualClock, t: number) {
    this.app = app;
    this.clock = clock;
    this.#t = t;
    this.services = app.ctx.catalog.services.map((s) => s.slug);
  }

  /** A world whose live part starts at `start`, after `warmDays` of quiet history (in memory). */
  static async create(start: number, warmDays = 7): Promise<AbuseWorld> {
    const clock = new VirtualClock(start - warmDays * 1440 * MINUTE);
    const app = await createTestApp({ catalogPaths: FIXTURE_CATALOG }, { clock, manualTicks: true });
    const world = new AbuseWorld(app, clock, start);
    for (let t = start - warmDays * 1440 * MINUTE; t < start; t += MINUTE) {
      const activity: MinuteActivity[] = [];
      for (const s of world.services) {
        const n = world.#background(s, t);
        if (n > 0)
          activity.push({
            service: s,
            reports: n,
            networks: n,
            topNetworkReports: 1,
            topCountryReports: Math.ceil(n / 4),
            dampedReports: n,
            asns: n,
            hostingReports: 0,
          });
      }
      app.ctx.monitor.train(t, activity);
    }
    return world;
  }

  /** The minute the next `step` writes. */
  get t(): number {
    return this.#t;
  }

  #background(service: string, t: number): number {
    const r = rateOf(service);
    const m = t / MINUTE;
    const phase = (hash(service) % 1000) / 1000;
    return Math.floor((m + 1) * r + phase) - Math.floor(m * r + phase);
  }

  #report(
    service: string,
    t: number,
    identity: string,
    network: string,
    country: string,
    asn: number,
    hosting: boolean,
  ): NewReport {
    const problem = this.app.ctx.catalog.bySlug.get(service)!.categories[0]!.id;
    return {
      service,
      problem,
      country,
      receivedAt: t + (this.#seq++ % 59_000),
      identity,
      network,
      source: 'web',
      asn,
      hosting,
    };
  }

  /** The reports of a crowd in minute t (fresh identities each minute, the same networks each minute). */
  crowdReports(c: Crowd, t: number): NewReport[] {
    const out: NewReport[] = [];
    for (let i = 0; i < c.identities; i++) {
      const net = i % c.networks;
      out.push(
        this.#report(
          c.service,
          t,
          `${c.tag}-${t / MINUTE}-${i}`,
          `${c.tag}-net-${net}`,
          c.countries[net % c.countries.length]!,
          64_512 + (hash(c.tag) % 1000) + (net % (c.asns ?? c.networks)),
          c.hosting === true,
        ),
      );
    }
    return out;
  }

  #probeResults(t: number, plan: ProbePlan): Map<string, ProbeResult[]> {
    const out = new Map<string, ProbeResult[]>();
    const m = t / MINUTE;
    for (const v of VANTAGES) {
      // Each vantage point's control target passes: it is reachable, whatever share of its targets fail.
      const results: ProbeResult[] = [
        {
          id: `ab-${m}-${v}-control`,
          check: 'control:http',
          service: '@control',
          kind: 'http',
          at: t + 5_000,
          ok: true,
          layer: null,
          code: null,
          message: null,
          attempts: 1,
          timings: { total: 40 },
          facts: {},
        },
      ];
      for (const service of plan.probed) {
        const fail = plan.failing.get(service);
        const [layer, code] = fail ? fail.split(':') : [null, null];
        for (const kind of ['dns', 'http'] as const) {
          const failed = fail !== undefined && (kind === 'http' || layer === 'dns');
          results.push({
            id: `ab-${m}-${v}-${service}-${kind}`,
            check: `${service}:${kind}`,
            service,
            kind,
            at: t + 5_000,
            ok: !failed,
            layer: failed ? (layer as ProbeResult['layer']) : null,
            code: failed ? (code ?? null) : null,
            message: failed ? `${service}: ${code}` : null,
            attempts: 1,
            timings: { total: 40 },
            facts: {},
          });
        }
      }
      out.set(v, results);
    }
    return out;
  }

  /** Writes minute t (background, crowds, probes), ticks the monitor, and moves to the next minute. */
  async step(crowds: readonly Crowd[] = [], probes?: ProbePlan): Promise<number> {
    const t = this.#t;
    const reports: NewReport[] = [];
    for (const s of this.services) {
      const n = this.#background(s, t);
      for (let i = 0; i < n; i++) {
        const k = hash(`${s}-${t}-${i}`);
        reports.push(
          this.#report(
            s,
            t,
            `bg-${s}-${t / MINUTE}-${i}`,
            `bg-${k % 5000}`,
            COUNTRIES[k % COUNTRIES.length]!,
            64_000 + (k % 400),
            false,
          ),
        );
      }
    }
    for (const c of crowds) reports.push(...this.crowdReports(c, t));
    const { store } = this.app.ctx;
    for (let i = 0; i < reports.length; i += 5000) await store.appendReports(reports.slice(i, i + 5000));
    if (probes)
      for (const [v, results] of this.#probeResults(t, probes)) await this.app.ctx.probes.ingest(v, results);
    this.clock.set(t + MINUTE);
    await this.app.ctx.monitor.tick(t);
    this.#t = t + MINUTE;
    return t;
  }

  status(service: string): ServiceState {
    return this.app.ctx.monitor.statusOf(service);
  }

  close(): Promise<void> {
    return this.app.cleanup();
  }
}

const SEVERITY: Record<ServiceState, number> = {
  operational: 0,
  degraded_performance: 1,
  partial_outage: 2,
  major_outage: 3,
};
/** Whether a status is "problems detected" or worse. */
export const isProblem = (s: ServiceState): boolean => SEVERITY[s] >= SEVERITY.partial_outage;
export const severity = (s: ServiceState): number => SEVERITY[s];
