import type { ServiceState } from '../shared/status-vocabulary.ts';
import type { WindowMix } from './crowd-window.ts';
import type { ServiceReading } from './decide.ts';

/** Breadth that a cheap crowd cannot fake: this many distinct /24s (or /48s) in the window… */
export const BROAD_NETWORKS = 20;
/** …in this many countries, unless the service usually lives in the top country (an ISP, a local app). */
export const BROAD_COUNTRIES = 3;
/** A crowd this mixed with rented servers, or repeating its networks this much, is not ordinary. */
const MAX_HOSTING_SHARE = 0.3;
const MAX_REPEAT_SHARE = 0.5;
/**
 * Repeating networks say "a fixed set of machines" only in a small crowd: in a large real outage a
 * busy carrier network reports minute after minute too.
 */
const REPEAT_MATTERS_BELOW = 50;
/** Persistence counts for a crowd from at least this many networks, people not servers. */
const PERSISTENT_NETWORKS = 5;
/** A usual share at least this high makes one country ordinary for the service. */
const USUAL_COUNTRY = 0.5;
/** An elevated run this long corroborates itself (the flood that never stops is still a signal). */
export const PERSISTENCE_MINUTES = 60;

/** Something known about a service apart from its report counts. */
export type Corroboration = 'probes' | 'official' | 'posts' | 'breadth' | 'persistence';

/** An expected event from the catalog (a launch; later, maintenance) covering a service now. */
export type ExpectedNow = { what: string; until: number };

export type CrowdContext = {
  /** The service's reports since its elevated run began (at most the last 15 minutes). */
  mix: WindowMix | undefined;
  /** Outside signals about the service in the last hour ('official', 'posts'). */
  outside: readonly string[];
  /** Minutes the current elevated run has lasted. */
  elevatedMinutes: number;
  /** Corroborated earlier in the same run: it stays so. */
  corroboratedBefore: readonly Corroboration[];
  expected: ExpectedNow | undefined;
};

const SEVERITY: Record<ServiceState, number> = {
  operational: 0,
  degraded_performance: 1,
  partial_outage: 2,
  major_outage: 3,
};
const hhmm = (t: number) => new Date(t).toISOString().slice(11, 16);
const pct = (x: number) => `${Math.round(x * 100)}%`;

/** Whether the crowd is broad and ordinary: many networks, several countries (or the usual one), people not servers. */
export function isBroad(mix: WindowMix | undefined): boolean {
  if (!mix) return false;
  const countries =
    mix.significantCountries >= BROAD_COUNTRIES || (mix.usualTopCountryShare ?? 0) >= USUAL_COUNTRY;
  return mix.networks >= BROAD_NETWORKS && countries && ordinaryNetworks(mix);
}

/** People, not servers; and a small crowd not drawn from the same few networks minute after minute. */
const ordinaryNetworks = (mix: WindowMix): boolean =>
  mix.hostingShare < MAX_HOSTING_SHARE &&
  (mix.repeatShare < MAX_REPEAT_SHARE || mix.networks >= REPEAT_MATTERS_BELOW);

/** Persistence corroborates only a crowd from several ordinary networks (a lone /24 can drip for hours). */
const persists = (c: CrowdContext): boolean =>
  c.elevatedMinutes >= PERSISTENCE_MINUTES &&
  c.mix !== undefined &&
  c.mix.networks >= PERSISTENT_NETWORKS &&
  ordinaryNetworks(c.mix);

/** What is unusual about a crowd, in words ("from 3 networks", "92% from ID, usually 10%"). */
function unusual(mix: WindowMix | undefined): string[] {
  if (!mix) return ['no reports in the window'];
  const out: string[] = [];
  if (mix.networks < BROAD_NETWORKS) out.push(`from ${mix.networks} network${mix.networks === 1 ? '' : 's'}`);
  if (mix.significantCountries < BROAD_COUNTRIES && (mix.usualTopCountryShare ?? 0) < USUAL_COUNTRY)
    out.push(
      `${pct(mix.topCountryShare)} from ${mix.topCountry}${mix.usualTopCountryShare === null ? '' : `, usually ${pct(mix.usualTopCountryShare)}`}`,
    );
  if (mix.hostingShare >= MAX_HOSTING_SHARE) out.push(`${pct(mix.hostingShare)} from hosting networks`);
  if (mix.repeatShare >= MAX_REPEAT_SHARE && mix.networks < REPEAT_MATTERS_BELOW)
    out.push(`${pct(mix.repeatShare)} from networks repeating minute after minute`);
  if (mix.newShare !== null && mix.newShare >= 0.9) out.push(`${pct(mix.newShare)} never seen before today`);
  return out;
}

const SAID: Record<Corroboration, (c: CrowdContext) => string> = {
  probes: () => 'probes',
  official: () => 'an official statement',
  posts: () => 'public posts',
  breadth: (c) => {
    const n = c.mix?.significantCountries ?? 0;
    return `breadth (${c.mix?.networks ?? 0} networks in ${n} countr${n === 1 ? 'y' : 'ies'})`;
  },
  persistence: (c) => `persistence (${c.elevatedMinutes} minutes)`,
};

/**
 * Pure: a crowd surge ("problems detected" or worse) stays at "possible problems" until something
 * other than the report count corroborates it — probes, an official statement, public posts, a
 * broad and ordinary crowd, or persistence. During an expected event (a launch) only probes or an
 * official statement lift it. The evidence says what corroborated it, or why it is held (ADR 15).
 * Returns the verdict (capped or not) and what corroborated it.
 */
export function corroborate(
  v: ServiceReading,
  probesDown: boolean,
  c: CrowdContext,
): { verdict: ServiceReading; corroborated: Corroboration[] } {
  if (SEVERITY[v.status] < SEVERITY.partial_outage) return { verdict: v, corroborated: [] };
  const found = new Set<Corroboration>(c.corroboratedBefore);
  if (probesDown) found.add('probes');
  if (c.outside.includes('official')) found.add('official');
  if (c.outside.includes('posts')) found.add('posts');
  if (isBroad(c.mix)) found.add('breadth');
  if (persists(c)) found.add('persistence');
  const corroborated = [...found].sort();
  const hold = (why: string): { verdict: ServiceReading; corroborated: Corroboration[] } => ({
    verdict: { ...v, status: 'degraded_performance', evidence: [...v.evidence, why] },
    corroborated,
  });
  if (c.expected) {
    if (!found.has('probes') && !found.has('official'))
      return hold(
        `expected: ${c.expected.what} until ${hhmm(c.expected.until)}; held at possible problems unless probes or an official statement confirm a failure`,
      );
  }
  if (corroborated.length === 0) {
    const odd = unusual(c.mix);
    return hold(
      `held at possible problems: reports only${odd.length > 0 ? `, ${odd.join(', ')}` : ''}; no probe failure, posts or official statement corroborate them yet`,
    );
  }
  const by = corroborated.map((k) => SAID[k](c)).join(', ');
  return { verdict: { ...v, evidence: [...v.evidence, `corroborated by ${by}`] }, corroborated };
}
