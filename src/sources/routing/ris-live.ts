import { z } from 'zod';
import type { Clock } from '../../shared/time.ts';
import { type AdapterStats, emptyStats, type SourceAdapter, streamAdapterStats } from '../adapter.ts';
import type { SourcesRepo } from '../repo/sources-repo.ts';
import type { SignalSink } from '../signal-sink.ts';
import { type StreamOptions, WsStream } from '../stream/ws-stream.ts';
import type { OutsideEvent } from '../types.ts';
import type { BgpUpdate, RoutingWatch } from './routing-watch.ts';

const Envelope = z.object({ type: z.string(), data: z.unknown().optional() });
/** RIS Live `ris_message` (schema v1): one BGP message seen by one peer of a route collector. */
const RisMessage = z.object({
  timestamp: z.number().positive(),
  peer: z.string().min(1),
  peer_asn: z.union([z.string(), z.number()]).optional(),
  id: z.string().min(1).optional(),
  host: z.string().optional(),
  type: z.string(),
  path: z.array(z.union([z.number().int(), z.array(z.number().int())])).default([]),
  announcements: z
    .array(z.object({ next_hop: z.string().optional(), prefixes: z.array(z.string()) }))
    .default([]),
  withdrawals: z.array(z.string()).default([]),
});

const SOURCE = 'ris';
const MINUTE = 60_000;

export type RisOptions = StreamOptions & {
  /** wss://ris-live.ripe.net/v1/ws/?client=downwatch */
  url: string;
  pingEveryMs?: number;
  /** Called with each routing event kept (the app links it to an open incident at once). */
  onEvent?: (e: OutsideEvent) => void;
};

/**
 * RIPE RIS Live: subscribes to UPDATEs originated by the catalog's ASNs and to every message about
 * its prefixes (withdrawals carry no path, so they come through the prefix subscriptions). Counts
 * per minute and routing evidence come from the RoutingWatch; messages are counted once by id.
 * RIS Live has no replay: after a reconnect the subscriptions are sent again and the stream goes on.
 */
export class RisLiveAdapter implements SourceAdapter {
  readonly name = SOURCE;
  readonly #repo: SourcesRepo;
  readonly #sink: SignalSink;
  readonly #watch: RoutingWatch;
  readonly #stream: WsStream;
  readonly #clock: Clock;
  readonly #stats = emptyStats();
  #timer: NodeJS.Timeout | undefined;
  #latest = 0;
  #writing: Promise<void> = Promise.resolve();
  readonly #onEvent: (e: OutsideEvent) => void;

  constructor(repo: SourcesRepo, sink: SignalSink, watch: RoutingWatch, clock: Clock, o: RisOptions) {
    this.#repo = repo;
    this.#sink = sink;
    this.#watch = watch;
    this.#clock = clock;
    this.#onEvent = o.onEvent ?? (() => {});
    this.#stream = new WsStream(
      {
        url: async () => o.url,
        onOpen: (send) => {
          for (const data of watch.subscriptions()) send(JSON.stringify({ type: 'ris_subscribe', data }));
        },
        onMessage: (text) => this.handleMessage(text),
        onError: (m) => {
          this.#stats.lastError = m;
        },
        keepAlive: { everyMs: o.pingEveryMs ?? 30_000, message: JSON.stringify({ type: 'ping' }) },
      },
      o,
    );
  }

  start(): void {
    this.#stream.start();
    clearInterval(this.#timer);
    // Quiet subscriptions still need their minutes closed (evidence is written when a minute ends).
    this.#timer = setInterval(() => void this.closeBefore(this.#clock.now() - 2 * MINUTE), 20_000);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#stream.stop();
    await this.#writing;
    await this.#sink.close();
  }

  async flush(): Promise<void> {
    await this.#writing;
    await this.#sink.flush();
  }

  stats(): AdapterStats {
    return streamAdapterStats(this.#stats, this.#stream.stats, this.#sink, {});
  }

  /** One RIS Live message (text). Bad ones are counted and skipped, never thrown. */
  handleMessage(text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.#stats.malformed++;
      return;
    }
    const env = Envelope.safeParse(json);
    if (!env.success) {
      this.#stats.malformed++;
      return;
    }
    if (env.data.type === 'ris_error') {
      const m = (env.data.data as { message?: unknown } | undefined)?.message;
      this.#stats.lastError = `RIS Live: ${typeof m === 'string' ? m.slice(0, 200) : 'error'}`;
      return;
    }
    if (env.data.type !== 'ris_message') return;
    const r = RisMessage.safeParse(env.data.data);
    if (!r.success) {
      this.#stats.malformed++;
      return;
    }
    const m = r.data;
    if (m.type !== 'UPDATE') return;
    this.ingest(
      m.id ??
        `${m.host ?? ''}|${m.peer}|${m.timestamp}|${m.withdrawals.join(',')}|${m.announcements.map((a) => a.prefixes.join(',')).join(';')}`,
      m,
    );
  }

  /** Counts one validated UPDATE (also the replay's way in). */
  ingest(id: string, u: BgpUpdate): void {
    const counts = this.#watch.handle(u);
    const at = Math.round(u.timestamp * 1000);
    if (counts.length > 0) this.#sink.push({ source: SOURCE, item: id, at, counts });
    if (at > this.#latest) {
      this.#latest = at;
      // One minute of lateness: a minute closes once messages two minutes later arrive.
      void this.closeBefore(at - MINUTE);
    }
  }

  /** Closes minutes before `t`; the evidence they hold is written (serialised). */
  closeBefore(t: number): Promise<void> {
    const events = this.#watch.closeBefore(t);
    if (events.length === 0) return this.#writing;
    const run = this.#writing.then(async () => {
      for (const e of events)
        if (await this.#repo.addEvent(e, this.#clock.now())) {
          this.#stats.events++;
          this.#onEvent(e);
        }
    });
    this.#writing = run.catch((e: Error) => {
      this.#stats.lastError = `store: ${e.message}`;
    });
    return this.#writing;
  }
}
