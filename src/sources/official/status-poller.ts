import type { AddressPolicy } from '../../shared/address-guard.ts';
import { type OutboundReply, outboundClient } from '../../shared/outbound/outbound-client.ts';
import type { Clock } from '../../shared/time.ts';
import { type AdapterStats, emptyStats, type SourceAdapter } from '../adapter.ts';
import { Backoff } from '../backoff.ts';
import type { SourcesRepo } from '../repo/sources-repo.ts';
import type { OfficialState, OutsideEvent } from '../types.ts';
import { diffOfficial, type OfficialChange } from './diff-official.ts';
import type { OfficialSnapshot } from './official-snapshot.ts';
import { parseFeed } from './parse-feed.ts';
import { parseIncidentIo } from './parse-incidentio.ts';
import { parseStatuspage } from './parse-statuspage.ts';

/** One official status source from the catalog and the services that rely on it. */
export type StatusSourceSpec = {
  /** "status:<url>" */
  name: string;
  kind: 'statuspage' | 'incidentio' | 'rss' | 'atom';
  url: string;
  provider: string;
  providerName: string;
  /** Services fed by this source; `component` narrows to changes about that component. */
  services: { slug: string; component: string | undefined }[];
};

export type PollOptions = {
  intervalMs: number;
  timeoutMs: number;
  backoffMinMs: number;
  backoffMaxMs: number;
  /** Consecutive failed reads after which the last known state is marked stale. */
  staleAfterFailures: number;
  maxBytes: number;
  /** Redirects followed (each hop's address checked against `policy`). */
  maxRedirects: number;
  userAgent: string;
  /** Which addresses a status page may be at (private ones only when the operator allows). */
  policy: AddressPolicy;
};

export const DEFAULT_POLL_OPTIONS: PollOptions = {
  intervalMs: 120_000,
  timeoutMs: 15_000,
  backoffMinMs: 30_000,
  backoffMaxMs: 30 * 60_000,
  staleAfterFailures: 3,
  maxBytes: 2_000_000,
  maxRedirects: 3,
  policy: { allowPrivate: false },
  userAgent: 'Downwatch (self-hosted outage detector; polls politely with ETag)',
};

/** The URL to read for a catalog entry: Statuspage and incident.io pages have JSON summaries. */
export function endpointOf(kind: StatusSourceSpec['kind'], url: string): string {
  const base = url.replace(/\/+$/, '');
  if (kind === 'statuspage') return /\.json$/.test(base) ? base : `${base}/api/v2/summary.json`;
  if (kind === 'incidentio') return /\/api\//.test(base) ? base : `${base}/api/v1/summary`;
  return url;
}

function parse(kind: StatusSourceSpec['kind'], body: string): OfficialSnapshot | null {
  if (kind === 'rss' || kind === 'atom') return parseFeed(body);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  return kind === 'statuspage' ? parseStatuspage(json) : parseIncidentIo(json);
}

const same = (a: string, b: string) => {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x === y || x.includes(y) || y.includes(x);
};

/** The services a change concerns: those without a component filter, and those whose component it names. */
export function servicesFor(change: OfficialChange, services: StatusSourceSpec['services']): string[] {
  return services
    .filter(
      (s) =>
        !s.component ||
        change.components.some((c) => same(c, s.component!)) ||
        change.subject.toLowerCase().includes(s.component.toLowerCase()),
    )
    .map((s) => s.slug);
}

/** A change as an outside event, in the timeline's words: "Meta status: Facebook Login — major disruption". */
export function officialEvent(
  spec: StatusSourceSpec,
  change: OfficialChange,
  services: string[],
): OutsideEvent {
  return {
    dedupeKey: `official:${spec.name}:${change.key}`,
    at: change.at,
    kind: 'official',
    provider: spec.provider,
    services,
    message: `${spec.providerName} status: ${change.text}`,
    ack: change.ack,
    data: { provider: spec.provider, source: spec.name, url: spec.url, state: change.state, ack: change.ack },
  };
}

function header(res: OutboundReply, name: string): string | null {
  const v = res.headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? null;
}

/**
 * Polls one official status source: conditional GETs (ETag / If-Modified-Since), timeouts, backoff
 * with jitter on failure (and Retry-After), normalised snapshots diffed into outside events. The last
 * known state survives restarts in the store and is marked stale while the source is unreachable.
 */
export class StatusPoller implements SourceAdapter {
  readonly name: string;
  readonly #spec: StatusSourceSpec;
  readonly #repo: SourcesRepo;
  readonly #clock: Clock;
  readonly #o: PollOptions;
  readonly #backoff: Backoff;
  readonly #stats = emptyStats();
  #state: OfficialState | undefined;
  #loaded = false;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #abort: AbortController | undefined;
  #stopped = true;
  readonly #onEvent: (e: OutsideEvent) => void;

  constructor(
    spec: StatusSourceSpec,
    repo: SourcesRepo,
    clock: Clock,
    o: Partial<PollOptions> = {},
    hooks: {
      /** Called with each new event (the app links it to an open incident at once). */ onEvent?: (
        e: OutsideEvent,
      ) => void;
    } = {},
  ) {
    this.name = spec.name;
    this.#spec = spec;
    this.#repo = repo;
    this.#clock = clock;
    this.#o = { ...DEFAULT_POLL_OPTIONS, ...o };
    this.#onEvent = hooks.onEvent ?? (() => {});
    this.#backoff = new Backoff({ minMs: this.#o.backoffMinMs, maxMs: this.#o.backoffMaxMs });
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#abort?.abort();
    await this.#running?.catch(() => undefined);
  }

  async flush(): Promise<void> {
    await this.#running?.catch(() => undefined);
  }

  stats(): AdapterStats {
    return { ...this.#stats, cursor: this.#state?.etag ?? this.#state?.lastModified ?? null };
  }

  /** The last known state (with `stale`), as stored. */
  state(): OfficialState | undefined {
    return this.#state;
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#running = this.poll().then((wait) => this.#schedule(wait));
    }, ms);
    this.#timer.unref();
  }

  /** Reads the source once; resolves with the delay before the next read. Never throws. */
  async poll(): Promise<number> {
    if (!this.#loaded) {
      this.#state = await this.#repo.officialState(this.#spec.name).catch(() => undefined);
      this.#loaded = true;
    }
    const headers: Record<string, string> = { 'user-agent': this.#o.userAgent, accept: '*/*' };
    if (this.#state?.etag) headers['if-none-match'] = this.#state.etag;
    if (this.#state?.lastModified) headers['if-modified-since'] = this.#state.lastModified;
    const abort = new AbortController();
    this.#abort = abort;
    try {
      const res = await outboundClient(this.#o.policy).request(endpointOf(this.#spec.kind, this.#spec.url), {
        headers,
        signal: abort.signal,
        timeoutMs: this.#o.timeoutMs,
        maxBytes: this.#o.maxBytes,
        maxRedirects: this.#o.maxRedirects,
      });
      this.#stats.messages++;
      if (res.status === 304) return await this.#succeeded(null, res);
      if (res.status < 200 || res.status >= 300) {
        const retry = Number(header(res, 'retry-after'));
        return await this.#failed(
          `HTTP ${res.status}`,
          Number.isFinite(retry) && retry > 0 ? retry * 1000 : 0,
        );
      }
      const snapshot = res.truncated ? null : parse(this.#spec.kind, res.body);
      if (!snapshot) {
        this.#stats.malformed++;
        return await this.#failed(res.truncated ? 'response too large' : 'malformed response', 0);
      }
      return await this.#succeeded(snapshot, res);
    } catch (e) {
      return await this.#failed((e as Error).message || 'unreachable', 0);
    }
  }

  async #succeeded(read: OfficialSnapshot | null, res: OutboundReply): Promise<number> {
    let snapshot = read;
    const now = this.#clock.now();
    this.#stats.connects++;
    this.#backoff.reset();
    const prev = this.#state;
    const known = (prev?.state as OfficialSnapshot | null) ?? null;
    // A CDN edge may serve an older copy of the page: never step back in time.
    if (snapshot && known?.updatedAt && snapshot.updatedAt && snapshot.updatedAt < known.updatedAt)
      snapshot = null;
    if (snapshot) {
      const changes = diffOfficial(known, snapshot, now);
      for (const c of changes) {
        const services = servicesFor(c, this.#spec.services);
        if (services.length === 0) continue;
        const e = officialEvent(this.#spec, c, services);
        if (await this.#repo.addEvent(e, now)) {
          this.#stats.events++;
          this.#stats.accepted++;
          this.#onEvent(e);
        } else this.#stats.duplicates++;
      }
    }
    this.#state = {
      source: this.#spec.name,
      provider: this.#spec.provider,
      kind: this.#spec.kind,
      url: this.#spec.url,
      etag: snapshot ? header(res, 'etag') : (prev?.etag ?? null),
      lastModified: snapshot ? header(res, 'last-modified') : (prev?.lastModified ?? null),
      checkedAt: now,
      okAt: now,
      failures: 0,
      stale: false,
      error: null,
      state: snapshot ?? prev?.state ?? null,
    };
    await this.#save();
    return this.#o.intervalMs;
  }

  async #failed(error: string, retryAfterMs: number): Promise<number> {
    const now = this.#clock.now();
    this.#stats.disconnects++;
    this.#stats.lastError = error;
    const failures = (this.#state?.failures ?? 0) + 1;
    const wasStale = this.#state?.stale ?? false;
    this.#state = {
      source: this.#spec.name,
      provider: this.#spec.provider,
      kind: this.#spec.kind,
      url: this.#spec.url,
      etag: this.#state?.etag ?? null,
      lastModified: this.#state?.lastModified ?? null,
      okAt: this.#state?.okAt ?? null,
      state: this.#state?.state ?? null,
      checkedAt: now,
      failures,
      stale: failures >= this.#o.staleAfterFailures,
      error,
    };
    // While a source stays down, write only what changes what readers see (first failure, stale).
    if (failures === 1 || this.#state.stale !== wasStale || failures % 20 === 0) await this.#save();
    return Math.min(this.#o.backoffMaxMs, Math.max(this.#backoff.next(), retryAfterMs));
  }

  async #save(): Promise<void> {
    if (!this.#state) return;
    await this.#repo.saveOfficialState(this.#state).catch((e: Error) => {
      this.#stats.lastError = `store: ${e.message}`;
    });
  }
}
