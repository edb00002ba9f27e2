/**
 * The outside side of a scenario, minute by minute: BGP updates as RIS Live peers would report them
 * (`routing:`) and public posts (`posts:`) — genuine "is it down?" posts in several languages plus
 * noise that only looks like it (jokes, old news, marketing, denials). Deterministic for
 * (scenario, seed). Plain facts; the app turns them into the feeds' wire format.
 */
import { MINUTE } from '../shared/time.ts';
import type { PostsSpec, RoutingSpec } from './outside-schema.ts';
import { deriveSeed, integer, mulberry32, poisson, type Random, uniform } from './random.ts';
import type { Scenario } from './schema.ts';

/** One BGP UPDATE from one route-collector peer. */
export type ScenarioBgpUpdate = {
  id: string;
  at: number;
  peer: string;
  peerAsn: number;
  path: number[];
  announce: string[];
  withdraw: string[];
};

/** One public post; `genuine` is the ground truth (a report, or noise that merely matches). */
export type ScenarioPost = {
  id: string;
  author: string;
  at: number;
  text: string;
  langs: string[];
  genuine: boolean;
};

/** How a service is written in a language ("इंस्टाग्राम"); the app takes it from the catalog. */
export type NameOf = (service: string, lang: string) => string;

const TEMPLATES: Record<string, string[]> = {
  en: [
    'is {n} down?',
    '{n} is down for me',
    '{n} not working right now',
    'anyone else? {n} down',
    '{n} not loading again',
  ],
  id: ['{n} lagi error ya?', '{n} gangguan lagi', '{n} gak bisa dibuka dari tadi', 'kok {n} down sih'],
  hi: ['{n} डाउन है क्या?', '{n} काम नहीं कर रहा अभी', '{n} नहीं चल रहा'],
  vi: ['{n} bị lỗi rồi à?', '{n} sập rồi mọi người ơi', '{n} không vào được'],
  es: ['¿Se cayó {n}?', '{n} no funciona ahora', '{n} está caído otra vez'],
  pt: ['{n} caiu?', '{n} fora do ar agora', '{n} não está funcionando hoje'],
};
const NOISE: { lang: string; text: string }[] = [
  { lang: 'en', text: 'remember when {n} went down for hours back in 2019? good times' },
  { lang: 'en', text: '{n} down lol finally some peace 😂' },
  { lang: 'en', text: '{n} not working on your old phone? Download now the new version, link in bio' },
  { lang: 'en', text: "{n} isn't down, it's your wifi" },
  { lang: 'pt', text: 'kkkkk o {n} caiu kkkk' },
  { lang: 'id', text: 'wkwkwk {n} down' },
];

/** Keyframes → the value at `minutes` (linear; the last value holds). */
function curveAt(curve: [number, number][], minutes: number): number {
  if (minutes < curve[0]![0]) return 0;
  for (let i = 1; i < curve.length; i++) {
    const [m1, v1] = curve[i]!;
    const [m0, v0] = curve[i - 1]!;
    if (minutes <= m1) return v0 + ((v1 - v0) * (minutes - m0)) / Math.max(1e-9, m1 - m0);
  }
  return curve[curve.length - 1]![1];
}

function pick<T>(r: Random, xs: T[]): T {
  return xs[integer(r, 0, xs.length - 1)]!;
}

function pickWeighted(r: Random, weights: Record<string, number>): string {
  const entries = Object.entries(weights).filter(([, w]) => w > 0);
  const total = entries.reduce((a, [, w]) => a + w, 0);
  let x = r.next() * total;
  for (const [k, w] of entries) {
    x -= w;
    if (x <= 0) return k;
  }
  return entries[entries.length - 1]?.[0] ?? 'en';
}

/** Every BGP update of the routing section, in time order. */
export function routingUpdates(
  spec: RoutingSpec,
  seed: number,
  from: number,
  to: number,
): ScenarioBgpUpdate[] {
  const r = mulberry32(deriveSeed(seed, 'routing'));
  const peers = Array.from({ length: spec.peers }, (_, i) => ({
    peer: `198.51.100.${(i % 250) + 1}`,
    asn: 65_000 + i,
  }));
  const out: ScenarioBgpUpdate[] = [];
  let seq = 0;
  const path = (p: { asn: number }) => [p.asn, 3356, spec.asn];
  for (const e of spec.events) {
    for (const p of peers) {
      if (e.kind === 'withdrawal') {
        // A peer loses the routes at once: one UPDATE withdrawing them all.
        out.push({
          id: `r${seq++}`,
          at: Math.floor(uniform(r, e.from, e.to)),
          peer: p.peer,
          peerAsn: p.asn,
          path: [],
          announce: [],
          withdraw: e.prefixes,
        });
      } else
        for (const prefix of e.prefixes)
          out.push({
            id: `r${seq++}`,
            at: Math.floor(uniform(r, e.from, e.to)),
            peer: p.peer,
            peerAsn: p.asn,
            path: path(p),
            announce: [prefix],
            withdraw: [],
          });
    }
  }
  const bg = spec.background;
  if (bg && bg.perHour > 0)
    for (let t = from; t < to; t += 60 * MINUTE)
      for (let k = poisson(r, bg.perHour); k > 0; k--) {
        const p = pick(r, peers);
        out.push({
          id: `r${seq++}`,
          at: Math.floor(uniform(r, t, t + 60 * MINUTE)),
          peer: p.peer,
          peerAsn: p.asn,
          path: path(p),
          announce: [pick(r, bg.prefixes)],
          withdraw: [],
        });
      }
  return out.filter((u) => u.at >= from && u.at < to).sort((a, b) => a.at - b.at);
}

/** The posts of one minute. Seeded per minute, so any minute can be generated on its own. */
export function postsAt(spec: PostsSpec, seed: number, t: number, nameOf: NameOf): ScenarioPost[] {
  const r = mulberry32(deriveSeed(seed, `posts:${t}`));
  const out: ScenarioPost[] = [];
  const services = new Set([...spec.services, ...spec.surges.flatMap((s) => s.services)]);
  let k = 0;
  for (const service of services) {
    const add = (lang: string, template: string, genuine: boolean) => {
      const n = k++;
      out.push({
        id: `${t / MINUTE}-${n}`,
        author: `did:plc:replay${integer(r, 0, 9999)}`,
        at: t + Math.floor(uniform(r, 0, MINUTE - 1)),
        text: template.replace('{n}', nameOf(service, lang)),
        langs: [lang],
        genuine,
      });
    };
    for (let i = poisson(r, spec.backgroundPerMinute); i > 0; i--) add('en', pick(r, TEMPLATES.en!), true);
    for (let i = poisson(r, spec.noisePerMinute); i > 0; i--) {
      const noise = pick(r, NOISE);
      add(noise.lang, noise.text, false);
    }
    for (const s of spec.surges) {
      if (!s.services.includes(service) || t < s.start || t >= s.end) continue;
      const rate = s.peakPerMinute * curveAt(s.curve, (t - s.start) / MINUTE);
      for (let i = poisson(r, rate); i > 0; i--) {
        const lang = pickWeighted(r, s.languages);
        add(lang, pick(r, TEMPLATES[lang] ?? TEMPLATES.en!), true);
      }
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

/** The outside signals of a scenario, one minute at a time, for replays. */
export class OutsideSignals {
  readonly #scenario: Scenario;
  readonly #seed: number;
  readonly #nameOf: NameOf;
  readonly #updates: ScenarioBgpUpdate[];
  #next = 0;

  constructor(scenario: Scenario, seed: number, nameOf: NameOf, span: [number, number]) {
    this.#scenario = scenario;
    this.#seed = seed;
    this.#nameOf = nameOf;
    this.#updates = scenario.routing ? routingUpdates(scenario.routing, seed, span[0], span[1]) : [];
  }

  /** True when the scenario has a routing or posts section. */
  get any(): boolean {
    return Boolean(this.#scenario.routing || this.#scenario.posts);
  }

  /** Updates and posts in [t, t + 1 min); minutes must be asked in order. */
  minute(t: number): { updates: ScenarioBgpUpdate[]; posts: ScenarioPost[] } {
    const updates: ScenarioBgpUpdate[] = [];
    while (this.#next < this.#updates.length && this.#updates[this.#next]!.at < t + MINUTE) {
      const u = this.#updates[this.#next++]!;
      if (u.at >= t) updates.push(u);
    }
    const posts = this.#scenario.posts ? postsAt(this.#scenario.posts, this.#seed, t, this.#nameOf) : [];
    return { updates, posts };
  }
}
