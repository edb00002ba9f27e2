import { performance } from 'node:perf_hooks';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { UnavailableError } from '../shared/errors.ts';

const INTERVAL_MS = 100;
/** Reads admitted per interval when paced: never fewer than this (500 a second). */
const FLOOR = 50;
const CEILING = 1_000_000;
const SATURATED = 0.8;
const RELAXED = 0.6;
const MAX_QUEUE = 10_000;

/** Requests that are never paced: writes, health checks, the live stream. */
const EXEMPT = /^\/(healthz|readyz|api\/v1\/live)\b/;

/**
 * Keeps a flood of readers from starving intake on one event loop. Reads are served from memory
 * and cost little each, but a flood of them takes the whole loop; reports cannot be cached. So
 * while reports are arriving and the loop is saturated, reads are paced: each 100 ms admits a
 * budget of them (half of what was admitted while saturated, down to a floor; grown by a quarter when the loop has
 * room) and the rest wait in order. With no reports arriving, reads are never held back. A CDN in
 * front keeps serving cached pages meanwhile (stale-while-revalidate).
 */
export class ReadGate {
  #budget = CEILING;
  #left = CEILING;
  #writes = 0;
  #admitted = 0;
  #elu = performance.eventLoopUtilization();
  readonly #queue: (() => void)[] = [];
  readonly #timer: NodeJS.Timeout;

  constructor() {
    this.#timer = setInterval(() => this.#tick(), INTERVAL_MS);
    this.#timer.unref();
  }

  #tick(): void {
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, this.#elu).utilization;
    this.#elu = now;
    if (this.#writes > 0 && busy >= SATURATED)
      this.#budget = Math.max(FLOOR, Math.floor(Math.min(this.#budget, this.#admitted) / 2));
    else if (this.#writes === 0 || busy < RELAXED)
      this.#budget = Math.min(CEILING, Math.ceil(this.#budget * 1.25) + FLOOR);
    this.#writes = 0;
    this.#admitted = 0;
    this.#left = this.#budget;
    while (this.#left > 0 && this.#queue.length > 0) {
      this.#left -= 1;
      this.#admitted += 1;
      this.#queue.shift()?.();
    }
  }

  /** Reads admitted per 100 ms right now (tests and diagnostics). */
  get budget(): number {
    return this.#budget;
  }

  /** Waits until a read may proceed; counts writes. Rejects with 503 when too many reads wait. */
  admit(method: string, url: string): Promise<void> | undefined {
    if (method !== 'GET' && method !== 'HEAD') {
      this.#writes += 1;
      return undefined;
    }
    if (this.#left > 0) {
      this.#left -= 1;
      this.#admitted += 1;
      return undefined;
    }
    if (EXEMPT.test(url)) return undefined;
    if (this.#queue.length >= MAX_QUEUE)
      return Promise.reject(new UnavailableError('The server is busy; try again in a moment.', 1));
    return new Promise((resolve) => this.#queue.push(resolve));
  }

  /** A Fastify onRequest hook. */
  readonly hook = (req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void): void => {
    const wait = this.admit(req.method, req.url);
    if (!wait) done();
    else wait.then(() => done(), done);
  };

  close(): void {
    clearInterval(this.#timer);
    for (const resolve of this.#queue.splice(0)) resolve();
  }
}
