import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { UnavailableError } from '../../shared/errors.ts';
import { problemLevelRank } from '../../shared/status-vocabulary.ts';
import type { StatusModel } from '../../status/service-status.ts';
import type { StatusSnapshot } from '../../status/snapshot.ts';
import type { ClientLimits } from '../client-limits.ts';
import { defineRoute, type Route } from '../route.ts';

const HEARTBEAT_MS = 15_000;

/**
 * The compact event every page listens to: per service [verdict: the problem level's rank (0 no
 * problems, 1 possible, 2 detected), reports in 15 min, reports in 24 h, open incident id or null], and the open
 * incidents as [id, status, impact, peak rate].
 */
export function liveEvent(model: StatusModel): string {
  const s: Record<string, [number, number, number, number | null]> = {};
  for (const x of model.summary.services)
    s[x.slug] = [problemLevelRank(x.verdict), x.reports15m, x.reports24h, x.incidentId];
  const i = model.summary.incidents.map((x) => [x.id, x.status, x.impact, x.peakRate]);
  return JSON.stringify({ t: model.summary.updatedAt, s, i });
}

/** Server-Sent Events clients: each snapshot rebuild is serialised once and written to all of them. */
export class LiveHub {
  readonly #clients = new Set<ServerResponse>();
  readonly #max: number;
  readonly #timer: NodeJS.Timeout;
  #last = '';
  readonly #unsubscribe: () => void;

  constructor(snapshot: StatusSnapshot, max = 2_000) {
    this.#max = max;
    if (snapshot.model) this.#last = liveEvent(snapshot.model);
    this.#unsubscribe = snapshot.subscribe((model) => this.#broadcast(liveEvent(model)));
    this.#timer = setInterval(() => this.#write(': ping\n\n'), HEARTBEAT_MS);
    this.#timer.unref();
  }

  get size(): number {
    return this.#clients.size;
  }

  #write(chunk: string): void {
    for (const res of this.#clients) if (!res.writableEnded) res.write(chunk);
  }

  #broadcast(data: string): void {
    this.#last = data;
    this.#write(`event: status\ndata: ${data}\n\n`);
  }

  /** Throws 503 when the hub is full (before the response is taken over). */
  checkCapacity(): void {
    if (this.#clients.size >= this.#max)
      throw new UnavailableError('Too many live connections; try again later.', 30);
  }

  /** Takes over a response as an event stream; sends the current status at once. */
  add(res: ServerResponse, release: () => void = () => {}): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(`retry: 5000\n\n${this.#last ? `event: status\ndata: ${this.#last}\n\n` : ''}`);
    this.#clients.add(res);
    res.once('close', () => {
      this.#clients.delete(res);
      release();
    });
  }

  /** Ends every stream (before the server closes, so it does not wait for them). */
  close(): void {
    clearInterval(this.#timer);
    this.#unsubscribe();
    for (const res of this.#clients) res.end();
    this.#clients.clear();
  }
}

/** GET /api/v1/live: the status stream. */
export const liveRoutes = (hub: LiveHub, limits: ClientLimits): Route[] => [
  defineRoute({
    method: 'GET',
    url: '/api/v1/live',
    operationId: 'streamLiveStatus',
    summary: 'Live status: a Server-Sent Events stream with one compact "status" event per snapshot rebuild',
    tag: 'status',
    responses: {
      200: {
        description:
          'event: status, data: {"t": updatedAt, "s": {slug: [verdict 0|1|2, reports15m, reports24h, incidentId]}, "i": [[id, status, impact, peakRate]]}; a comment every 15 s keeps it open',
        schema: z.string(),
        contentType: 'text/event-stream',
      },
      429: { description: 'Too many live connections from this address or network (see Retry-After)' },
      503: { description: 'Too many live connections (see Retry-After)' },
    },
    handler: async ({ req, reply }) => {
      hub.checkCapacity();
      const release = limits.liveSlot(req);
      reply.hijack();
      hub.add(reply.raw, release);
    },
  }),
];
