import type { OutsideEvent, SignalCount } from '../types.ts';
import { type Cidr, contains, parseCidr } from './cidr.ts';

const MINUTE = 60_000;
const floorMinute = (t: number) => t - (((t % MINUTE) + MINUTE) % MINUTE);

/** A catalog service as the routing watch sees it. */
export type RoutedService = {
  slug: string;
  provider: string;
  providerName: string;
  asns: number[];
  prefixes: { prefix: string; label?: string | undefined }[];
};

/** A BGP UPDATE as RIS Live reports it (already validated). */
export type BgpUpdate = {
  timestamp: number;
  peer: string;
  path: (number | number[])[];
  announcements: { prefixes: string[] }[];
  withdrawals: string[];
};

export type RoutingOptions = {
  /** Distinct route-collector peers that must see a withdrawal in one minute before it is evidence. */
  minPeers: number;
  /** Prefixes learned from announcements (prefix → origin), bounded. */
  maxLearned: number;
};

export const DEFAULT_ROUTING: RoutingOptions = { minPeers: 3, maxLearned: 50_000 };

type Owned = { cidr: Cidr; label: string | undefined; services: string[]; provider: string };
type Minute = {
  withdrawn: Map<string, string | undefined>;
  withdrawPeers: Set<string>;
  announced: Set<string>;
  announcePeers: Set<string>;
  originChanges: Map<string, { origin: number; usual: number[] }>;
  services: Set<string>;
};
type Group = { provider: string; providerName: string; asns: Set<number>; services: string[] };

const CAP = 10_000;
const addCapped = <T>(s: Set<T>, v: T) => {
  if (s.size < CAP) s.add(v);
};

/**
 * Turns RIS Live UPDATE messages about the catalog's ASNs and prefixes into per-minute counts
 * (withdrawals, announcements, origin changes per service) and, per provider and minute, evidence:
 * "Meta (AS32934): 6 prefixes withdrawn at 15:39 UTC, seen by 40 peers — including Meta's
 * authoritative DNS servers". No I/O: the adapter writes what it returns.
 */
export class RoutingWatch {
  readonly #o: RoutingOptions;
  readonly #owned: Owned[] = [];
  readonly #byAsn = new Map<number, string[]>();
  readonly #groups = new Map<string, Group>();
  readonly #providerOf = new Map<string, string>();
  readonly #learned = new Map<string, number>();
  readonly #open = new Map<number, Map<string, Minute>>();
  /** Providers whose withdrawal was reported and whose routes are not yet back. */
  readonly #down = new Map<string, Set<string>>();
  #closedBefore = Number.NEGATIVE_INFINITY;

  constructor(services: RoutedService[], o: Partial<RoutingOptions> = {}) {
    this.#o = { ...DEFAULT_ROUTING, ...o };
    for (const s of services) {
      this.#providerOf.set(s.slug, s.provider);
      const g = this.#groups.get(s.provider) ?? {
        provider: s.provider,
        providerName: s.providerName,
        asns: new Set<number>(),
        services: [],
      };
      g.services.push(s.slug);
      for (const a of s.asns) {
        g.asns.add(a);
        this.#byAsn.set(a, [...(this.#byAsn.get(a) ?? []), s.slug]);
      }
      this.#groups.set(s.provider, g);
      for (const p of s.prefixes) {
        const cidr = parseCidr(p.prefix);
        if (!cidr) continue;
        const known = this.#owned.find((o) => o.cidr.text === cidr.text && o.provider === s.provider);
        if (known) known.services.push(s.slug);
        else this.#owned.push({ cidr, label: p.label, services: [s.slug], provider: s.provider });
      }
    }
    // Most specific first, so a labelled /23 wins over the /16 that contains it.
    this.#owned.sort((a, b) => b.cidr.len - a.cidr.len);
  }

  /** RIS Live subscriptions: announcements originated by each ASN, and every message about the prefixes. */
  subscriptions(): Record<string, unknown>[] {
    const subs: Record<string, unknown>[] = [...this.#byAsn.keys()].map((asn) => ({
      type: 'UPDATE',
      path: `${asn}$`,
    }));
    const roots = this.#owned.filter(
      (o) => !this.#owned.some((x) => x !== o && x.cidr.len < o.cidr.len && contains(x.cidr, o.cidr)),
    );
    for (const o of roots) subs.push({ type: 'UPDATE', prefix: o.cidr.text, moreSpecific: true });
    return subs;
  }

  /** The services (and label) a prefix belongs to: by the catalog's prefixes, else by its learned origin. */
  #owner(prefix: string): { services: string[]; label: string | undefined; usual: number[] } | undefined {
    const cidr = parseCidr(prefix);
    if (!cidr) return undefined;
    const o = this.#owned.find((x) => contains(x.cidr, cidr));
    if (o) {
      const g = this.#groups.get(o.provider);
      return { services: g?.services ?? o.services, label: o.label, usual: [...(g?.asns ?? [])] };
    }
    const origin = this.#learned.get(cidr.text);
    const services = origin === undefined ? undefined : this.#byAsn.get(origin);
    if (!services) return undefined;
    const g = this.#groups.get(this.#providerOf.get(services[0]!) ?? '');
    return { services, label: undefined, usual: [...(g?.asns ?? [origin!])] };
  }

  #learn(prefix: string, origin: number): void {
    this.#learned.delete(prefix);
    this.#learned.set(prefix, origin);
    if (this.#learned.size > this.#o.maxLearned) {
      const oldest = this.#learned.keys().next().value;
      if (oldest !== undefined) this.#learned.delete(oldest);
    }
  }

  #minute(t: number, provider: string): Minute | undefined {
    const m = floorMinute(t);
    if (m < this.#closedBefore) return undefined;
    let byProvider = this.#open.get(m);
    if (!byProvider) {
      byProvider = new Map();
      this.#open.set(m, byProvider);
    }
    let agg = byProvider.get(provider);
    if (!agg) {
      agg = {
        withdrawn: new Map(),
        withdrawPeers: new Set(),
        announced: new Set(),
        announcePeers: new Set(),
        originChanges: new Map(),
        services: new Set(),
      };
      byProvider.set(provider, agg);
    }
    return agg;
  }

  /** One UPDATE: the per-service counts it adds (empty when it concerns nothing we watch). */
  handle(u: BgpUpdate): SignalCount[] {
    const t = Math.round(u.timestamp * 1000);
    const counts = new Map<string, SignalCount>();
    const count = (service: string, dim: string) => {
      const key = `${service}/${dim}`;
      const c = counts.get(key);
      if (c) c.n++;
      else counts.set(key, { service, kind: 'routing', dim, n: 1 });
    };
    for (const prefix of u.withdrawals) {
      const owner = this.#owner(prefix);
      if (!owner) continue;
      for (const s of owner.services) count(s, 'withdrawal');
      const provider = this.#providerOf.get(owner.services[0]!)!;
      const agg = this.#minute(t, provider);
      if (!agg) continue;
      if (agg.withdrawn.size < CAP) agg.withdrawn.set(parseCidr(prefix)!.text, owner.label);
      addCapped(agg.withdrawPeers, u.peer);
      for (const s of owner.services) agg.services.add(s);
    }
    const last = u.path[u.path.length - 1];
    const origins = last === undefined ? [] : Array.isArray(last) ? last : [last];
    for (const a of u.announcements)
      for (const prefix of a.prefixes) {
        const cidr = parseCidr(prefix);
        if (!cidr) continue;
        const owner = this.#owner(prefix);
        const watchedOrigin = origins.find((o) => this.#byAsn.has(o));
        if (owner && origins.length > 0 && !origins.some((o) => owner.usual.includes(o))) {
          // Someone else originates a watched prefix: a hijack, a leak or a planned move.
          for (const s of owner.services) count(s, 'origin-change');
          const provider = this.#providerOf.get(owner.services[0]!)!;
          const agg = this.#minute(t, provider);
          if (agg && agg.originChanges.size < 100)
            agg.originChanges.set(cidr.text, { origin: origins[0] ?? 0, usual: owner.usual });
        }
        if (watchedOrigin !== undefined) this.#learn(cidr.text, watchedOrigin);
        const services =
          owner?.services ?? (watchedOrigin === undefined ? [] : this.#byAsn.get(watchedOrigin)!);
        if (services.length === 0) continue;
        for (const s of services) count(s, 'announcement');
        const agg = this.#minute(t, this.#providerOf.get(services[0]!)!);
        if (!agg) continue;
        addCapped(agg.announced, cidr.text);
        addCapped(agg.announcePeers, u.peer);
      }
    return [...counts.values()];
  }

  /** Closes the minutes before `t` and returns the evidence they hold. */
  closeBefore(t: number): OutsideEvent[] {
    const until = floorMinute(t);
    if (until <= this.#closedBefore) return [];
    this.#closedBefore = until;
    const out: OutsideEvent[] = [];
    for (const m of [...this.#open.keys()].filter((x) => x < until).sort((a, b) => a - b)) {
      for (const [provider, agg] of this.#open.get(m)!) out.push(...this.#evidence(m, provider, agg));
      this.#open.delete(m);
    }
    return out;
  }

  #evidence(minute: number, provider: string, agg: Minute): OutsideEvent[] {
    const g = this.#groups.get(provider);
    if (!g) return [];
    const who = `${g.providerName} (${[...g.asns].map((a) => `AS${a}`).join(', ')})`;
    const hhmm = new Date(minute).toISOString().slice(11, 16);
    const services = g.services;
    const out: OutsideEvent[] = [];
    if (agg.withdrawn.size > 0 && agg.withdrawPeers.size >= this.#o.minPeers) {
      const labelled = new Map<string, string[]>();
      const plain: string[] = [];
      for (const [prefix, label] of agg.withdrawn)
        if (label) labelled.set(label, [...(labelled.get(label) ?? []), prefix]);
        else plain.push(prefix);
      const parts = [...labelled].map(
        ([label, ps]) => `${label} (${ps.slice(0, 4).join(', ')}${ps.length > 4 ? ', …' : ''})`,
      );
      const n = agg.withdrawn.size;
      out.push({
        dedupeKey: `routing:${provider}:withdrawal:${minute}`,
        at: minute,
        kind: 'routing',
        provider,
        services,
        message: `${who}: ${n} prefix${n === 1 ? '' : 'es'} withdrawn at ${hhmm} UTC, seen by ${agg.withdrawPeers.size} route-collector peers${parts.length > 0 ? ` — including the prefixes of ${parts.join('; ')}` : ''}${plain.length > 0 ? `; also ${plain.slice(0, 3).join(', ')}${plain.length > 3 ? ', …' : ''}` : ''}`,
        ack: true,
        data: {
          provider,
          asns: [...g.asns],
          prefixes: [...agg.withdrawn.keys()].slice(0, 100),
          peers: agg.withdrawPeers.size,
        },
      });
      const down = this.#down.get(provider) ?? new Set<string>();
      for (const p of agg.withdrawn.keys()) if (down.size < CAP) down.add(p);
      this.#down.set(provider, down);
    }
    const down = this.#down.get(provider);
    if (down && agg.announcePeers.size >= this.#o.minPeers && [...agg.announced].some((p) => down.has(p))) {
      const back = [...agg.announced].filter((p) => down.has(p));
      for (const p of back) down.delete(p);
      if (down.size === 0) this.#down.delete(provider);
      out.push({
        dedupeKey: `routing:${provider}:announced:${minute}`,
        at: minute,
        kind: 'routing',
        provider,
        services,
        message: `${who}: ${back.length} withdrawn prefix${back.length === 1 ? '' : 'es'} announced again at ${hhmm} UTC, seen by ${agg.announcePeers.size} peers${down.size > 0 ? ` (${down.size} still missing)` : ''}`,
        ack: false,
        data: { provider, prefixes: back.slice(0, 100), missing: down.size },
      });
    }
    if (agg.originChanges.size > 0) {
      const list = [...agg.originChanges]
        .slice(0, 3)
        .map(([p, c]) => `${p} from AS${c.origin} (usually ${c.usual.map((a) => `AS${a}`).join('/')})`);
      out.push({
        dedupeKey: `routing:${provider}:origin:${minute}`,
        at: minute,
        kind: 'routing',
        provider,
        services,
        message: `${who}: origin change at ${hhmm} UTC — ${list.join('; ')}${agg.originChanges.size > 3 ? '; …' : ''}`,
        ack: true,
        data: { provider, changes: Object.fromEntries(agg.originChanges) },
      });
    }
    return out;
  }
}
