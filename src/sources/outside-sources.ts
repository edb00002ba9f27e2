import type { Catalog } from '../catalog/catalog.ts';
import type { IncidentsRepo } from '../incidents/incidents-repo.ts';
import type { Clock } from '../shared/time.ts';
import type { SourceAdapter } from './adapter.ts';
import { linkEvents } from './link-events.ts';
import { type Statement, statementEvent } from './official/statement.ts';
import { StatusPoller, type StatusSourceSpec } from './official/status-poller.ts';
import { BlueskyAdapter } from './posts/bluesky.ts';
import { MastodonAdapter } from './posts/mastodon.ts';
import { PostMatcher } from './posts/match-post.ts';
import { PostCounter } from './posts/post-counter.ts';
import type { SourcesRepo } from './repo/sources-repo.ts';
import { RisLiveAdapter } from './routing/ris-live.ts';
import { routedServices } from './routing/routed-services.ts';
import { RoutingWatch } from './routing/routing-watch.ts';
import { type OutsideSignals, serviceSources } from './service-sources.ts';
import { SignalSink } from './signal-sink.ts';
import { type ProviderLag, statusPageLag } from './status-page-lag.ts';
import { DEFAULT_STREAM_OPTIONS, type StreamOptions } from './stream/ws-stream.ts';

export type SourceName = 'status' | 'bluesky' | 'mastodon' | 'ris';

/** What the app's configuration says about outside sources (mapped from Config by the app). */
export type OutsideSettings = {
  enabled: SourceName[];
  statusPollMs: number;
  /** Official status pages may be at private addresses (DOWNWATCH_SOURCES_ALLOW_PRIVATE). */
  allowPrivate: boolean;
  jetstreamUrl: string;
  mastodonUrl: string;
  mastodonToken?: string | undefined;
  risLiveUrl: string;
  /** Counters per minute are kept this long. */
  minuteRetentionMs: number;
  stream?: Partial<StreamOptions>;
};

const HOUR = 3_600_000;

/** The catalog's official status sources: one per URL, with the services (and components) it covers. */
export function statusSources(catalog: Catalog): StatusSourceSpec[] {
  const names = new Map(catalog.providers.map((p) => [p.slug, p.name]));
  const byUrl = new Map<string, StatusSourceSpec>();
  for (const s of catalog.services) {
    const st = s.status;
    if (st.kind === 'none' || !st.url) continue;
    const key = `${st.kind} ${st.url}`;
    const spec = byUrl.get(key) ?? {
      name: `status:${st.url}`,
      kind: st.kind,
      url: st.url,
      provider: s.provider,
      providerName: names.get(s.provider) ?? s.provider,
      services: [],
    };
    spec.services.push({ slug: s.slug, component: st.component });
    byUrl.set(key, spec);
  }
  return [...byUrl.values()];
}

/** What the outside sources tell the app. */
export type OutsideHooks = {
  /** Called after events were attached to incidents (the app tells the other nodes). */
  onLinked?: (n: number) => void;
  /** An adapter, a write or the linker failed; the sources go on. */
  onError?: (e: unknown) => void;
};

/**
 * The outside sources of one node: official status pollers, Bluesky, Mastodon and RIS Live, each
 * started only when enabled (they reach the internet), plus what every node needs whether or not
 * they run — the linker that attaches outside events to incidents, and the ingestion paths that
 * replays use. Events found by any adapter are linked at once; the monitor also links every minute.
 */
export class OutsideSources {
  readonly repo: SourcesRepo;
  readonly bluesky: BlueskyAdapter;
  readonly mastodon: MastodonAdapter;
  readonly ris: RisLiveAdapter;
  readonly pollers: StatusPoller[];
  readonly #incidents: IncidentsRepo;
  readonly #catalog: Catalog;
  readonly #clock: Clock;
  readonly #settings: OutsideSettings;
  readonly #sinks: SignalSink[] = [];
  #linking: Promise<number> = Promise.resolve(0);
  #prune: NodeJS.Timeout | undefined;
  #started: SourceAdapter[] = [];
  readonly #onLinked: (n: number) => void;
  readonly #onError: (e: unknown) => void;

  constructor(
    repo: SourcesRepo,
    incidents: IncidentsRepo,
    catalog: Catalog,
    clock: Clock,
    settings: OutsideSettings,
    hooks: OutsideHooks = {},
  ) {
    this.#onLinked = hooks.onLinked ?? (() => {});
    this.#onError = hooks.onError ?? (() => {});
    this.repo = repo;
    this.#incidents = incidents;
    this.#catalog = catalog;
    this.#clock = clock;
    this.#settings = settings;
    const stream = { ...DEFAULT_STREAM_OPTIONS, ...settings.stream };
    const sink = () => {
      const s = new SignalSink(this.repo, { onError: this.#onError });
      this.#sinks.push(s);
      return s;
    };
    const names = new Map(catalog.providers.map((p) => [p.slug, p.name]));
    const describe = (slug: string) => {
      const s = catalog.bySlug.get(slug);
      return s && { name: s.name, provider: s.provider, providerName: names.get(s.provider) ?? s.provider };
    };
    const matcher = new PostMatcher(catalog.services);
    const counter = (s: SignalSink) =>
      new PostCounter(
        matcher,
        s,
        this.repo,
        describe,
        {},
        { onEvent: () => this.kick(), onError: this.#onError },
      );
    const bs = sink();
    this.bluesky = new BlueskyAdapter(this.repo, bs, counter(bs), { ...stream, url: settings.jetstreamUrl });
    const ms = sink();
    this.mastodon = new MastodonAdapter(this.repo, ms, counter(ms), {
      ...stream,
      url: settings.mastodonUrl,
      token: settings.mastodonToken,
    });
    this.ris = new RisLiveAdapter(this.repo, sink(), new RoutingWatch(routedServices(catalog)), clock, {
      ...stream,
      url: settings.risLiveUrl,
      onEvent: () => this.kick(),
    });
    this.pollers = statusSources(catalog).map(
      (spec) =>
        new StatusPoller(
          spec,
          this.repo,
          clock,
          { intervalMs: settings.statusPollMs, policy: { allowPrivate: settings.allowPrivate } },
          { onEvent: () => this.kick() },
        ),
    );
  }

  /** The adapters the settings enable. */
  enabled(): SourceAdapter[] {
    const on = new Set(this.#settings.enabled);
    return [
      ...(on.has('status') ? this.pollers : []),
      ...(on.has('bluesky') ? [this.bluesky] : []),
      ...(on.has('mastodon') ? [this.mastodon] : []),
      ...(on.has('ris') ? [this.ris] : []),
    ];
  }

  start(): void {
    this.#started = this.enabled();
    for (const a of this.#started) a.start();
    this.#prune = setInterval(() => {
      const now = this.#clock.now();
      this.repo
        .prune({
          seenBefore: now - 3 * 24 * HOUR,
          minutesBefore: now - this.#settings.minuteRetentionMs,
          eventsBefore: now - 14 * 24 * HOUR,
        })
        .catch(this.#onError);
    }, HOUR);
    this.#prune.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#prune);
    await Promise.all(this.#started.map((a) => a.stop().catch(this.#onError)));
    await Promise.all(this.#sinks.map((s) => s.close()));
    await this.#linking.catch(() => 0);
  }

  /** Writes what the adapters buffer (replays, tests). */
  async flush(): Promise<void> {
    await Promise.all([this.bluesky.flush(), this.mastodon.flush(), this.ris.flush()]);
  }

  /** A service's outside signals over the last `hours` (the API's sources view). */
  signals(slug: string, now: number, hours: number): Promise<OutsideSignals> {
    return serviceSources(this.repo, this.#catalog, slug, now, hours);
  }

  /** How long after detection each provider's official channels admitted incidents. */
  statusPageLag(provider?: string): Promise<ProviderLag[]> {
    return statusPageLag(this.repo, provider);
  }

  /** Records an official statement in words (a spokesperson, a replay's statement). */
  async statement(s: Statement): Promise<boolean> {
    const added = await this.repo.addEvent(statementEvent(s), this.#clock.now());
    if (added) this.kick();
    return added;
  }

  /** Attaches waiting outside events to incidents now; serialised. Resolves with how many. */
  link(now = this.#clock.now()): Promise<number> {
    const run = this.#linking.then(() => linkEvents(this.repo, this.#incidents, now));
    this.#linking = run.catch((e) => {
      this.#onError(e);
      return 0;
    });
    return run.then((n) => {
      if (n > 0) this.#onLinked(n);
      return n;
    });
  }

  /** Links soon, without waiting (after an adapter found something). */
  kick(): void {
    this.link().catch(() => undefined);
  }

  /**
   * What outside sources said about each service in [from, to) that corroborates a crowd of
   * reports: 'official' (a statement acknowledging a problem) and 'posts' (a surge of posts).
   * One small query per service asked about (only services whose reports surge).
   */
  async corroborating(services: string[], from: number, to: number): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const service of services) {
      const events = await this.repo.eventsOf({ service, from, to, limit: 50 });
      const kinds = new Set<string>();
      for (const e of events) {
        if (e.kind === 'official' && e.ack) kinds.add('official');
        if (e.kind === 'posts') kinds.add('posts');
      }
      if (kinds.size > 0) out.set(service, [...kinds].sort());
    }
    return out;
  }
}
