import type { ReportOrigin } from '../store/store.ts';

const WINDOW_MINUTES = 15;
/** A network reporting in this many of the window's minutes is "the same network, minute after minute". */
const REPEAT_MINUTES = 4;
/** Ordinary reports needed before a learned country mix replaces the catalog's prior. */
const LEARNED_REPORTS = 50;
/** Weight of each ordinary minute's reports in the learned country mix (≈ the last 500 reports). */
const LEARN_RATE = 1 / 500;

/** Who reported a service over the last 15 minutes: how broad the crowd is, and how ordinary. */
export type WindowMix = {
  reports: number;
  /** Distinct networks (/24, /48) and autonomous systems. */
  networks: number;
  asns: number;
  countries: number;
  /** Countries holding at least 5% of the window's reports each (a few stray reports do not make breadth). */
  significantCountries: number;
  topCountry: string;
  topCountryShare: number;
  /** The top country's share in this service's ordinary minutes (or the catalog's prior); null: unknown. */
  usualTopCountryShare: number | null;
  /** Share of reports from hosting or datacenter networks. */
  hostingShare: number;
  /** Share of reports from networks that reported in ≥ 4 of the window's minutes. */
  repeatShare: number;
  /** Share of reporters not seen before today (null until the monitor has watched for 3 hours). */
  newShare: number | null;
};

type Minute = {
  t: number;
  reports: number;
  hosting: number;
  fresh: number;
  networks: Map<string, number>;
  asns: Set<number>;
  countries: Map<string, number>;
};

/**
 * A set of identities seen today, approximately: a Bloom filter over the identity hashes (already
 * uniform, so their own characters give the bit positions), two generations of 12 hours. ~1 MB;
 * about 1% false "seen" at 500,000 identities per generation.
 */
class SeenFilter {
  static readonly BITS = 1 << 23;
  #now = new Uint8Array(SeenFilter.BITS >> 3);
  #before = new Uint8Array(SeenFilter.BITS >> 3);
  #since: number | undefined;
  #rotated: number | undefined;

  #positions(id: string): number[] {
    const out: number[] = [];
    for (let k = 0; k < 5; k++) {
      let h = 2166136261 ^ k;
      for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
      out.push((h >>> 0) & (SeenFilter.BITS - 1));
    }
    return out;
  }

  /** Whether the identity was seen before; records it. */
  seen(id: string, t: number): boolean {
    this.#since ??= t;
    this.#rotated ??= t;
    if (t - this.#rotated >= 12 * 3_600_000) {
      this.#before = this.#now;
      this.#now = new Uint8Array(SeenFilter.BITS >> 3);
      this.#rotated = t;
    }
    let inNow = true;
    let inBefore = true;
    for (const p of this.#positions(id)) {
      const byte = p >> 3;
      const bit = 1 << (p & 7);
      if ((this.#now[byte]! & bit) === 0) inNow = false;
      if ((this.#before[byte]! & bit) === 0) inBefore = false;
      this.#now[byte]! |= bit;
    }
    return inNow || inBefore;
  }

  /** Milliseconds watched (a restarted node sees every reporter as new for a while). */
  watched(t: number): number {
    return this.#since === undefined ? 0 : t - this.#since;
  }
}

/**
 * The last 15 minutes of report origins per service, and each service's usual country mix learned
 * from ordinary minutes only (so a flood cannot teach that its country is usual). In memory, fed
 * one minute at a time by the monitor from `Store.reportOrigins`; a restarted node relearns.
 */
export class CrowdWindow {
  readonly #minutes = new Map<string, Minute[]>();
  readonly #usual = new Map<string, { shares: Map<string, number>; reports: number }>();
  readonly #prior: (service: string) => readonly string[];
  readonly #seen = new SeenFilter();
  #t = Number.NEGATIVE_INFINITY;

  /** `prior`: the countries the catalog says a service serves (one country: it is usual there). */
  constructor(prior: (service: string) => readonly string[] = () => []) {
    this.#prior = prior;
  }

  /** Adds the minute starting at t (its counted reports); drops minutes older than the window. */
  add(t: number, origins: readonly ReportOrigin[]): void {
    this.#t = t;
    const by = new Map<string, Minute>();
    for (const o of origins) {
      let m = by.get(o.service);
      if (!m) {
        m = {
          t,
          reports: 0,
          hosting: 0,
          fresh: 0,
          networks: new Map(),
          asns: new Set(),
          countries: new Map(),
        };
        by.set(o.service, m);
      }
      m.reports++;
      if (o.hosting) m.hosting++;
      if (!this.#seen.seen(o.identity, t)) m.fresh++;
      m.networks.set(o.network, (m.networks.get(o.network) ?? 0) + 1);
      if (o.asn !== null) m.asns.add(o.asn);
      m.countries.set(o.country, (m.countries.get(o.country) ?? 0) + 1);
    }
    for (const [service, m] of by) {
      const list = this.#minutes.get(service) ?? [];
      list.push(m);
      this.#minutes.set(service, list);
    }
    for (const [service, list] of this.#minutes) {
      while (list.length > 0 && list[0]!.t <= t - WINDOW_MINUTES * 60_000) list.shift();
      if (list.length === 0) this.#minutes.delete(service);
    }
  }

  /** Learns the service's usual country mix from the last added minute: call it for ordinary minutes only. */
  learn(service: string): void {
    const m = this.#minutes.get(service)?.at(-1);
    if (!m || m.t !== this.#t || m.reports === 0) return;
    const u = this.#usual.get(service) ?? { shares: new Map<string, number>(), reports: 0 };
    this.#usual.set(service, u);
    const w = Math.min(1, m.reports * LEARN_RATE);
    const first = u.reports === 0;
    for (const [c, s] of u.shares) u.shares.set(c, s * (1 - w));
    for (const [c, n] of m.countries)
      u.shares.set(c, (first ? 0 : (u.shares.get(c) ?? 0)) + (first ? n / m.reports : (w * n) / m.reports));
    u.reports += m.reports;
  }

  /** The usual share of a country for a service: learned from ordinary minutes, else the catalog's prior. */
  usualShare(service: string, country: string): number | null {
    const u = this.#usual.get(service);
    if (u && u.reports >= LEARNED_REPORTS) return u.shares.get(country) ?? 0;
    const prior = this.#prior(service);
    if (prior.length > 0) return prior.includes(country) ? 1 / prior.length : 0;
    return null;
  }

  /**
   * The service's last 15 minutes, or only those from `since` on (the surge itself, not the quiet
   * traffic before it); undefined without reports.
   */
  mix(service: string, since = Number.NEGATIVE_INFINITY): WindowMix | undefined {
    const list = this.#minutes.get(service)?.filter((m) => m.t >= since);
    if (!list || list.length === 0) return undefined;
    const networks = new Map<string, { n: number; minutes: number }>();
    const asns = new Set<number>();
    const countries = new Map<string, number>();
    let reports = 0;
    let hosting = 0;
    let fresh = 0;
    for (const m of list) {
      reports += m.reports;
      hosting += m.hosting;
      fresh += m.fresh;
      for (const [k, n] of m.networks) {
        const e = networks.get(k);
        if (e) {
          e.n += n;
          e.minutes++;
        } else networks.set(k, { n, minutes: 1 });
      }
      for (const a of m.asns) asns.add(a);
      for (const [c, n] of m.countries) countries.set(c, (countries.get(c) ?? 0) + n);
    }
    let topCountry = '';
    let top = 0;
    for (const [c, n] of countries) if (n > top || (n === top && c < topCountry)) [topCountry, top] = [c, n];
    let repeated = 0;
    for (const e of networks.values()) if (e.minutes >= REPEAT_MINUTES) repeated += e.n;
    const watched = this.#seen.watched(this.#t) >= 3 * 3_600_000;
    return {
      reports,
      networks: networks.size,
      asns: asns.size,
      countries: countries.size,
      significantCountries: [...countries.values()].filter((n) => n >= 0.05 * reports).length,
      topCountry,
      topCountryShare: reports > 0 ? top / reports : 0,
      usualTopCountryShare: this.usualShare(service, topCountry),
      hostingShare: reports > 0 ? hosting / reports : 0,
      repeatShare: reports > 0 ? repeated / reports : 0,
      newShare: watched && reports > 0 ? fresh / reports : null,
    };
  }
}
