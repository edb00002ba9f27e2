import { z } from 'zod';
import { type AdapterStats, emptyStats, type SourceAdapter, streamAdapterStats } from '../adapter.ts';
import type { SourcesRepo } from '../repo/sources-repo.ts';
import type { SignalSink } from '../signal-sink.ts';
import { type SseEvent, SseStream } from '../stream/sse-stream.ts';
import type { StreamOptions } from '../stream/ws-stream.ts';
import type { PostCounter } from './post-counter.ts';

/** A Mastodon status as the streaming API (`event: update`) and the timelines API send it. */
export const MastodonStatus = z.object({
  id: z.string().regex(/^\d+$/),
  created_at: z.string(),
  uri: z.string().min(1),
  content: z.string(),
  spoiler_text: z.string().nullish(),
  language: z.string().nullish(),
  reblog: z.unknown().nullish(),
  account: z.object({
    acct: z.string(),
    display_name: z.string().nullish(),
    bot: z.boolean().nullish(),
  }),
});
export type MastodonStatus = z.infer<typeof MastodonStatus>;

export type MastodonOptions = StreamOptions & {
  /** The instance, e.g. https://mastodon.social */
  url: string;
  /** Access token; many instances require one for the public stream. */
  token?: string | undefined;
  /** Pages of 40 statuses read after a reconnect to fill the gap (0: none). */
  backfillPages?: number;
};

/** Snowflake ids are decimal strings: longer is newer, then lexicographic. */
export const newerId = (a: string, b: string | undefined): boolean =>
  b === undefined || a.length > b.length || (a.length === b.length && a > b);

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#39': "'",
  apos: "'",
  nbsp: ' ',
};
/** Status content is HTML: text with tags removed and common entities decoded. */
export const htmlText = (html: string): string =>
  html
    .replace(/<br\s*\/?>|<\/p>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(
      /&(#?\w+);/g,
      (m, e: string) =>
        ENTITIES[e] ?? (e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1)) || 32) : m),
    )
    .trim();

/**
 * Mastodon's public timeline over the streaming API (Server-Sent Events, `/api/v1/streaming/public`).
 * SSE has no replay, so after a reconnect the gap is read from `/api/v1/timelines/public?min_id=`
 * (the last committed status id), a few pages at most; the store drops what was already counted.
 */
export class MastodonAdapter implements SourceAdapter {
  readonly name: string;
  readonly #repo: SourcesRepo;
  readonly #sink: SignalSink;
  readonly #counter: PostCounter;
  readonly #stream: SseStream;
  readonly #o: MastodonOptions;
  readonly #base: string;
  readonly #stats = emptyStats();
  #cursor: string | undefined;
  #loaded = false;

  constructor(repo: SourcesRepo, sink: SignalSink, counter: PostCounter, o: MastodonOptions) {
    this.#repo = repo;
    this.#sink = sink;
    this.#counter = counter;
    this.#o = o;
    this.#base = o.url.replace(/\/+$/, '');
    this.name = `mastodon:${new URL(this.#base).host}`;
    this.#stream = new SseStream(
      {
        request: () => ({ url: `${this.#base}/api/v1/streaming/public`, headers: this.#headers() }),
        onConnect: () => this.#backfill(),
        onEvent: (e) => this.handleEvent(e),
        onError: (m) => {
          this.#stats.lastError = m;
        },
      },
      o,
    );
  }

  start(): void {
    this.#stream.start();
  }

  async stop(): Promise<void> {
    await this.#stream.stop();
    await this.#sink.close();
  }

  async flush(): Promise<void> {
    await this.#sink.flush();
  }

  stats(): AdapterStats {
    return streamAdapterStats(this.#stats, this.#stream.stats, this.#sink, {
      events: this.#counter.events,
      cursor: this.#cursor ?? null,
    });
  }

  closeBefore(t: number): Promise<void> {
    return this.#counter.closeBefore(t);
  }

  #headers(): Record<string, string> {
    return this.#o.token ? { authorization: `Bearer ${this.#o.token}` } : {};
  }

  /** One streaming event: `update` carries a status; others (delete, status.update, …) are ignored. */
  handleEvent(e: SseEvent): void {
    if (e.event !== 'update') return;
    let json: unknown;
    try {
      json = JSON.parse(e.data);
    } catch {
      this.#stats.malformed++;
      return;
    }
    this.#status(json);
  }

  #status(json: unknown): void {
    const r = MastodonStatus.safeParse(json);
    const at = r.success ? Date.parse(r.data.created_at) : Number.NaN;
    if (!r.success || !Number.isFinite(at)) {
      this.#stats.malformed++;
      return;
    }
    const s = r.data;
    // Boosts repeat someone else's post: the original is counted where it was posted.
    if (!s.reblog)
      this.#counter.ingest(this.name, s.uri, {
        text: `${s.spoiler_text ?? ''} ${htmlText(s.content)}`,
        langs: s.language ? [s.language] : [],
        at,
        author: {
          handle: s.account.acct,
          name: s.account.display_name ?? undefined,
          bot: s.account.bot ?? false,
        },
      });
    if (newerId(s.id, this.#cursor)) {
      this.#cursor = s.id;
      this.#sink.setCursor(this.name, s.id);
    }
  }

  async #backfill(): Promise<void> {
    if (!this.#loaded) {
      this.#cursor ??= await this.#repo.cursor(this.name);
      this.#loaded = true;
    }
    const pages = this.#o.backfillPages ?? 5;
    for (let page = 0; page < pages && this.#cursor; page++) {
      const res = await fetch(`${this.#base}/api/v1/timelines/public?min_id=${this.#cursor}&limit=40`, {
        headers: { accept: 'application/json', ...this.#headers() },
        signal: AbortSignal.timeout(this.#o.connectTimeoutMs),
      }).catch(() => undefined);
      if (!res?.ok) {
        await res?.body?.cancel().catch(() => undefined);
        return;
      }
      const list: unknown = await res.json().catch(() => undefined);
      if (!Array.isArray(list)) {
        this.#stats.malformed++;
        return;
      }
      this.#stats.messages += list.length;
      // Oldest first, so the cursor only moves forward.
      const sorted = [...list].sort((a, b) =>
        newerId(String((a as { id?: unknown }).id ?? ''), String((b as { id?: unknown }).id ?? '')) ? 1 : -1,
      );
      for (const s of sorted) this.#status(s);
      if (list.length < 40) return;
    }
  }
}
