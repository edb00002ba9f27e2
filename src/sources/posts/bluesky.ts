import { z } from 'zod';
import { type AdapterStats, emptyStats, type SourceAdapter, streamAdapterStats } from '../adapter.ts';
import type { SourcesRepo } from '../repo/sources-repo.ts';
import type { SignalSink } from '../signal-sink.ts';
import { type StreamOptions, WsStream } from '../stream/ws-stream.ts';
import type { PostCounter } from './post-counter.ts';

/** Jetstream: a commit event creating a post (`app.bsky.feed.post`), cursor `time_us`. */
const Commit = z.object({
  did: z.string().min(1),
  time_us: z.number().int().positive(),
  kind: z.literal('commit'),
  commit: z.object({
    operation: z.string(),
    collection: z.string(),
    rkey: z.string().min(1),
    record: z
      .object({
        text: z.string(),
        langs: z.array(z.string()).optional(),
        embed: z.looseObject({ $type: z.string() }).optional(),
      })
      .optional(),
  }),
});
const Other = z.object({
  did: z.string(),
  time_us: z.number().int().positive(),
  kind: z.enum(['identity', 'account']),
});

const SOURCE = 'bluesky';
/** On reconnect, start a little before the cursor: Jetstream's own advice; the store drops the overlap. */
const REWIND_US = 5_000_000;

export type BlueskyOptions = StreamOptions & {
  /** Jetstream subscribe URL, e.g. wss://jetstream2.us-east.bsky.network/subscribe */
  url: string;
};

/**
 * Bluesky through Jetstream: every new post of the network, matched against the catalog; counts per
 * minute per service and language. Resumes from the last committed `time_us` after a reconnect.
 */
export class BlueskyAdapter implements SourceAdapter {
  readonly name = SOURCE;
  readonly #repo: SourcesRepo;
  readonly #sink: SignalSink;
  readonly #counter: PostCounter;
  readonly #stream: WsStream;
  readonly #url: string;
  readonly #stats = emptyStats();
  #cursor: number | undefined;
  #loaded = false;

  constructor(repo: SourcesRepo, sink: SignalSink, counter: PostCounter, o: BlueskyOptions) {
    this.#repo = repo;
    this.#sink = sink;
    this.#counter = counter;
    this.#url = o.url;
    this.#stream = new WsStream(
      {
        url: () => this.#nextUrl(),
        onMessage: (text) => this.handleMessage(text),
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
      cursor: this.#cursor === undefined ? null : String(this.#cursor),
    });
  }

  async #nextUrl(): Promise<string> {
    if (!this.#loaded) {
      const saved = await this.#repo.cursor(SOURCE);
      this.#loaded = true;
      if (saved && /^\d+$/.test(saved)) this.#cursor = Math.max(this.#cursor ?? 0, Number(saved));
    }
    const u = new URL(this.#url);
    u.searchParams.set('wantedCollections', 'app.bsky.feed.post');
    if (this.#cursor !== undefined)
      u.searchParams.set('cursor', String(Math.max(0, this.#cursor - REWIND_US)));
    return u.toString();
  }

  /** One Jetstream message (text). Bad ones are counted and skipped, never thrown. */
  handleMessage(text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.#stats.malformed++;
      return;
    }
    const c = Commit.safeParse(json);
    if (!c.success) {
      const o = Other.safeParse(json);
      if (o.success) this.#advance(o.data.time_us);
      else this.#stats.malformed++;
      return;
    }
    const { did, time_us, commit } = c.data;
    if (commit.operation === 'create' && commit.collection === 'app.bsky.feed.post') {
      if (!commit.record) {
        this.#stats.malformed++;
        return;
      }
      const embed = commit.record.embed?.$type ?? '';
      this.#counter.ingest(SOURCE, `${did}/${commit.rkey}`, {
        text: commit.record.text,
        langs: commit.record.langs ?? [],
        at: Math.floor(time_us / 1000),
        quote: embed.startsWith('app.bsky.embed.record'),
      });
    }
    this.#advance(time_us);
  }

  /** Closes counting minutes before `t` (surge events). */
  closeBefore(t: number): Promise<void> {
    return this.#counter.closeBefore(t);
  }

  #advance(timeUs: number): void {
    if (this.#cursor !== undefined && timeUs <= this.#cursor) return;
    this.#cursor = timeUs;
    this.#sink.setCursor(SOURCE, String(timeUs));
  }
}
