import type { SourcesRepo } from '../repo/sources-repo.ts';
import type { SignalSink } from '../signal-sink.ts';
import type { OutsideEvent } from '../types.ts';
import type { PostInput, PostMatcher } from './match-post.ts';

const MINUTE = 60_000;
const floorMinute = (t: number) => t - (((t % MINUTE) + MINUTE) % MINUTE);

export type SurgeOptions = {
  /** Counted posts in one minute before a surge is worth a timeline row. */
  surgeMin: number;
  /** …and that many times the service's usual posts per minute. */
  surgeRatio: number;
  /** One row per service within this quiet period. */
  quietMs: number;
};

export const DEFAULT_SURGE: SurgeOptions = { surgeMin: 10, surgeRatio: 4, quietMs: 60 * MINUTE };

/** What the counter tells its owner: a surge became an event; a write failed. */
export type PostCounterHooks = {
  onEvent?: (e: OutsideEvent) => void;
  onError?: (e: unknown) => void;
};

/** How the counter names services and finds their provider. */
export type Describe = (slug: string) => { name: string; provider: string } | undefined;

type Tally = { ids: Set<string>; langs: Map<string, number> };
const MAX_IDS = 20_000;
/** Weight of one minute in a service's usual level (an exponential average over ~20 minutes). */
const ALPHA = 0.05;

/**
 * Turns matched posts into per-minute counts (through the adapter's sink, deduplicated by post id in
 * the store) and notices surges: a minute with many more counted posts than usual for a service
 * becomes an outside event ("posts") for the incident timeline. Memory: only the open minutes.
 */
export class PostCounter {
  readonly #matcher: PostMatcher;
  readonly #sink: SignalSink;
  readonly #repo: SourcesRepo;
  readonly #describe: Describe;
  readonly #o: SurgeOptions;
  readonly #open = new Map<number, Map<string, Tally>>();
  readonly #usual = new Map<string, number>();
  readonly #lastSurge = new Map<string, number>();
  /** Minutes with counted posts per service since the last close. */
  readonly #active = new Map<string, number>();
  #closedBefore = Number.NEGATIVE_INFINITY;
  #writing: Promise<void> = Promise.resolve();
  matched = 0;
  counted = 0;
  events = 0;
  readonly #onEvent: (e: OutsideEvent) => void;
  readonly #onError: (e: unknown) => void;

  constructor(
    matcher: PostMatcher,
    sink: SignalSink,
    repo: SourcesRepo,
    describe: Describe,
    o: Partial<SurgeOptions> = {},
    hooks: PostCounterHooks = {},
  ) {
    this.#matcher = matcher;
    this.#sink = sink;
    this.#repo = repo;
    this.#describe = describe;
    this.#o = { ...DEFAULT_SURGE, ...o };
    this.#onEvent = hooks.onEvent ?? (() => {});
    this.#onError = hooks.onError ?? (() => {});
  }

  /** Matches one post and queues its counts; returns how many services it was counted for. */
  ingest(source: string, id: string, post: PostInput): number {
    const verdicts = this.#matcher.match(post);
    if (verdicts.length === 0) return 0;
    this.matched++;
    const counts = verdicts.map((v) =>
      v.counted
        ? { service: v.service, kind: 'posts', dim: v.lang, n: 1 }
        : {
            service: v.service,
            kind: 'posts_discounted',
            dim: v.reasons.find((r) => r !== 'present') ?? 'low',
            n: 1,
          },
    );
    if (!this.#sink.push({ source, item: id, at: post.at, counts })) return 0;
    const minute = floorMinute(post.at);
    let n = 0;
    for (const v of verdicts) {
      if (!v.counted) continue;
      n++;
      if (minute < this.#closedBefore) continue;
      let services = this.#open.get(minute);
      if (!services) {
        services = new Map();
        this.#open.set(minute, services);
      }
      let t = services.get(v.service);
      if (!t) {
        t = { ids: new Set(), langs: new Map() };
        services.set(v.service, t);
      }
      if (t.ids.has(id) || t.ids.size >= MAX_IDS) continue;
      t.ids.add(id);
      t.langs.set(v.lang, (t.langs.get(v.lang) ?? 0) + 1);
    }
    if (n > 0) this.counted++;
    // Live streams close a minute once posts of two minutes later arrive (one minute of lateness).
    if (minute - MINUTE > this.#closedBefore && [...this.#open.keys()].some((m) => m < minute - MINUTE))
      this.closeBefore(minute - MINUTE).catch(this.#onError);
    return n;
  }

  /** Closes the minutes before `t`: surges become events, usual levels learn. Writes are serialised. */
  closeBefore(t: number): Promise<void> {
    const until = floorMinute(t);
    if (until <= this.#closedBefore) return this.#writing;
    const minutes = [...this.#open.keys()].filter((m) => m < until).sort((a, b) => a - b);
    const surges: OutsideEvent[] = [];
    for (const m of minutes) {
      const services = this.#open.get(m)!;
      this.#open.delete(m);
      for (const [service, tally] of services) {
        const e = this.#consider(service, m, tally);
        if (e) surges.push(e);
      }
    }
    // Quiet minutes (no counted post) pull each usual level towards zero.
    const steps = Number.isFinite(this.#closedBefore)
      ? Math.min(120, (until - this.#closedBefore) / MINUTE)
      : 1;
    for (const [service, usual] of this.#usual) {
      const quiet = Math.max(0, steps - (this.#active.get(service) ?? 0));
      const next = usual * (1 - ALPHA) ** quiet;
      if (next < 0.01) this.#usual.delete(service);
      else this.#usual.set(service, next);
    }
    this.#active.clear();
    this.#closedBefore = until;
    const run = this.#writing.then(async () => {
      for (const e of surges)
        if (await this.#repo.addEvent(e)) {
          this.events++;
          this.#onEvent(e);
        }
    });
    this.#writing = run.catch(() => undefined);
    return run;
  }

  #consider(service: string, minute: number, tally: Tally): OutsideEvent | undefined {
    const n = tally.ids.size;
    const usual = this.#usual.get(service) ?? 0;
    this.#active.set(service, (this.#active.get(service) ?? 0) + 1);
    const surge = n >= this.#o.surgeMin && n >= this.#o.surgeRatio * Math.max(1, usual);
    // A surge does not teach the usual level much, or a long outage would become "usual".
    this.#usual.set(service, usual + (surge ? ALPHA / 5 : ALPHA) * (n - usual));
    if (!surge) return undefined;
    const last = this.#lastSurge.get(service);
    this.#lastSurge.set(service, minute);
    if (last !== undefined && minute - last < this.#o.quietMs) return undefined;
    const d = this.#describe(service);
    if (!d) return undefined;
    const langs = [...tally.langs.entries()].sort((a, b) => b[1] - a[1]);
    const hhmm = new Date(minute).toISOString().slice(11, 16);
    return {
      dedupeKey: `posts:${service}:${minute}`,
      at: minute,
      kind: 'posts',
      provider: d.provider,
      services: [service],
      message: `Public posts: ${n} posts saying ${d.name} is down at ${hhmm} UTC (${langs.map(([l, c]) => `${l} ${c}`).join(', ')}), usually about ${Math.round(usual * 10) / 10} a minute`,
      ack: false,
      data: { service, count: n, usual, byLanguage: Object.fromEntries(langs) },
    };
  }
}
