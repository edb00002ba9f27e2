import { createHash } from 'node:crypto';
import type { ServiceDetail, StatusModel } from './service-status.ts';

/** A serialised body with its validator. */
export type Cached = { body: string; etag: string; builtAt: number };

const cached = (value: unknown, builtAt: number): Cached => {
  const body = JSON.stringify(value);
  return { body, etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 16)}"`, builtAt };
};

function lazily(
  into: Map<string, Cached>,
  key: string,
  value: () => unknown,
  builtAt: number,
): Cached | undefined {
  const hit = into.get(key);
  if (hit) return hit;
  const v = value();
  if (v === undefined) return undefined;
  const c = cached(v, builtAt);
  into.set(key, c);
  return c;
}

/**
 * The in-memory status snapshot every read is served from. It is rebuilt when something changed
 * (at most every `minIntervalMs`) and at least every `maxAgeMs`, so a flood of readers never turns
 * into database queries and a slow rebuild never blocks a reader (they get the previous one).
 */
export class StatusSnapshot {
  readonly #build: () => Promise<StatusModel>;
  readonly #minIntervalMs: number;
  readonly #maxAgeMs: number;
  #summary: Cached | undefined;
  #services = new Map<string, Cached>();
  #details = new Map<string, Cached>();
  #statusById = new Map<string, StatusModel['summary']['services'][number]>();
  #model: StatusModel | undefined;
  #dirty = true;
  #building: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #lastBuild = 0;
  #version = 0;
  readonly #listeners = new Set<(model: StatusModel) => void>();

  constructor(build: () => Promise<StatusModel>, opts: { minIntervalMs?: number; maxAgeMs?: number } = {}) {
    this.#build = build;
    this.#minIntervalMs = opts.minIntervalMs ?? 2_000;
    this.#maxAgeMs = opts.maxAgeMs ?? 30_000;
  }

  markDirty(): void {
    this.#dirty = true;
  }

  /** Rebuilds now (awaitable: start-up and tests). Concurrent calls share one rebuild. */
  refresh(): Promise<void> {
    this.#building ??= (async () => {
      try {
        this.#dirty = false;
        const model = await this.#build();
        const now = Date.now();
        this.#model = model;
        this.#summary = cached(model.summary, now);
        // Per-service bodies are serialised on first request: with a thousand services most are
        // not read between two rebuilds, and serialising them all would cost memory and CPU.
        this.#statusById = new Map(model.summary.services.map((s) => [s.slug, s]));
        this.#services = new Map();
        this.#details = new Map();
        this.#lastBuild = now;
        this.#version += 1;
        for (const listener of this.#listeners) listener(model);
      } catch (e) {
        this.#dirty = true;
        throw e;
      } finally {
        this.#building = undefined;
      }
    })();
    return this.#building;
  }

  /** Calls `listener` after each rebuild (live streams hook in here); returns the unsubscribe. */
  subscribe(listener: (model: StatusModel) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Starts the background loop; errors keep the previous snapshot and are reported to onError. */
  start(onError: (e: unknown) => void): void {
    const tick = () => {
      const age = Date.now() - this.#lastBuild;
      if ((this.#dirty && age >= this.#minIntervalMs) || age >= this.#maxAgeMs) this.refresh().catch(onError);
    };
    this.#timer = setInterval(tick, Math.min(500, this.#minIntervalMs));
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
  }

  get summary(): Cached | undefined {
    return this.#summary;
  }

  /** One service's status, serialised (once per rebuild). */
  service(slug: string): Cached | undefined {
    return lazily(this.#services, slug, () => this.#statusById.get(slug), this.#lastBuild);
  }

  /** A service page's data, serialised (once per rebuild). */
  detail(slug: string): Cached | undefined {
    return lazily(this.#details, slug, () => this.#model?.details.get(slug), this.#lastBuild);
  }

  /** The current model as objects (page rendering). */
  get model(): StatusModel | undefined {
    return this.#model;
  }

  /** One service's detail as an object. */
  detailOf(slug: string): ServiceDetail | undefined {
    return this.#model?.details.get(slug);
  }

  /** Counts rebuilds: caches of anything derived from the snapshot are keyed on it. */
  get version(): number {
    return this.#version;
  }

  /** When the current snapshot was built (epoch ms), 0 before the first. */
  get builtAt(): number {
    return this.#lastBuild;
  }
}
