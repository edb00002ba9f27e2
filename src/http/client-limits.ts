import type { FastifyRequest } from 'fastify';
import { rateKey } from '../intake/rate-key.ts';
import { RateLimiter } from '../intake/rate-limiter.ts';
import { RateLimitedError } from '../shared/errors.ts';
import { signupNetwork } from './routes/signup-limit.ts';

/** What a node allows one client beyond cached reads (which cost next to nothing each). */
export type ClientLimitOptions = {
  /** Store-bound reads per minute from one address (IPv6: one /64). */
  costlyPerMinute?: number;
  costlyBurst?: number;
  /** Store-bound reads per minute from one network (the /24 of IPv4, the /64 of IPv6). */
  costlyNetworkPerMinute?: number;
  costlyNetworkBurst?: number;
  /** Live streams held open at once by one address, and by one network. */
  liveAddress?: number;
  liveNetwork?: number;
};

/** A per-client refusal: 429 with Retry-After, in plain words. */
export class ClientLimited extends RateLimitedError {
  constructor(retryAfterSeconds: number, what: string) {
    super(retryAfterSeconds, `Too many ${what} from your address or network; try again in a moment.`);
  }
}

const LOG_EVERY_MS = 1000;
const MAX_LOG_KEYS = 10_000;

/**
 * Per-client limits for what costs more than a cached read: store-bound queries (token buckets per
 * address and per network, the intake's own limiter and key) and live-stream slots (held at once,
 * per address and per network, under the hub's global cap). Refusals are logged as one short line
 * per client at most once a second, with how many were refused since, and no address.
 */
export class ClientLimits {
  readonly #costly: RateLimiter;
  readonly #costlyNetwork: RateLimiter;
  readonly #liveAddress: number;
  readonly #liveNetwork: number;
  readonly #streams = new Map<string, number>();
  readonly #logged = new Map<string, { at: number; refused: number }>();

  constructor(o: ClientLimitOptions = {}) {
    const perMinute = o.costlyPerMinute ?? 300;
    const networkPerMinute = o.costlyNetworkPerMinute ?? 1200;
    this.#costly = new RateLimiter(perMinute, o.costlyBurst ?? 60, 100_000);
    this.#costlyNetwork = new RateLimiter(networkPerMinute, o.costlyNetworkBurst ?? 240, 100_000);
    this.#liveAddress = o.liveAddress ?? 20;
    this.#liveNetwork = o.liveNetwork ?? 200;
  }

  /** Takes one store-bound read for the request's client; throws 429 when it has had its share. */
  costly(req: FastifyRequest): void {
    const address = rateKey(req.ip);
    const network = `net:${signupNetwork(req.ip)}`;
    // A token is taken only when both allow it, so a refused request costs its network nothing.
    const wait = Math.max(this.#costly.peek(address), this.#costlyNetwork.peek(network));
    if (wait > 0) {
      this.#refused(req, address, 'costly');
      throw new ClientLimited(wait, 'queries');
    }
    this.#costly.take(address);
    this.#costlyNetwork.take(network);
  }

  /** Takes a live-stream slot for the request's client; returns its release, or throws 429. */
  liveSlot(req: FastifyRequest): () => void {
    const address = `live:${rateKey(req.ip)}`;
    const network = `live-net:${signupNetwork(req.ip)}`;
    if (
      (this.#streams.get(address) ?? 0) >= this.#liveAddress ||
      (this.#streams.get(network) ?? 0) >= this.#liveNetwork
    ) {
      this.#refused(req, address, 'live');
      throw new ClientLimited(30, 'live connections');
    }
    this.#add(address, 1);
    this.#add(network, 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#add(address, -1);
      this.#add(network, -1);
    };
  }

  /** Streams held right now by the request's address (tests and diagnostics). */
  streamsOf(ip: string): number {
    return this.#streams.get(`live:${rateKey(ip)}`) ?? 0;
  }

  #add(key: string, by: number): void {
    const n = (this.#streams.get(key) ?? 0) + by;
    if (n <= 0) this.#streams.delete(key);
    else this.#streams.set(key, n);
  }

  #refused(req: FastifyRequest, key: string, limit: string): void {
    const now = performance.now();
    const id = `${limit}:${key}`;
    const last = this.#logged.get(id);
    if (last && now - last.at < LOG_EVERY_MS) {
      last.refused += 1;
      return;
    }
    if (this.#logged.size >= MAX_LOG_KEYS)
      for (const [k, v] of this.#logged) if (now - v.at >= LOG_EVERY_MS) this.#logged.delete(k);
    if (this.#logged.size >= MAX_LOG_KEYS) this.#logged.clear();
    this.#logged.set(id, { at: now, refused: 0 });
    req.log.warn({ limit, refusedSinceLast: last?.refused ?? 0 }, 'client over its limit');
  }
}
