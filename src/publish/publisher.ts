import { createHash } from 'node:crypto';
import type { Catalog } from '../catalog/catalog.ts';
import type { IncidentsRepo } from '../incidents/incidents-repo.ts';
import type { StatusSnapshot } from '../status/snapshot.ts';
import { atom, type FeedScope, incidentFeed, rss } from './feeds.ts';
import { PublishedIncidents } from './published-incidents.ts';
import { type PageScope, type StatuspageDocs, statuspageDocs } from './statuspage.ts';

/** A rendered body with its validator (the same shape the snapshot serves). */
export type Rendered = { body: string; etag: string; builtAt: number };

const rendered = (body: string, builtAt: number): Rendered => ({
  body,
  etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 16)}"`,
  builtAt,
});

export type StatuspageDoc = keyof StatuspageDocs;
export type FeedFormat = 'rss' | 'atom';

/**
 * Statuspage-compatible JSON and incident feeds, rendered from the status snapshot and the incidents repository's
 * recent incidents once per snapshot rebuild and body; a flood of readers costs no query.
 */
export class Publisher {
  readonly #snapshot: StatusSnapshot;
  readonly #catalog: Catalog;
  readonly #publicUrl: string;
  readonly #incidents: PublishedIncidents;
  readonly #since: number;
  #version = Number.NaN;
  #cache = new Map<string, Promise<Rendered>>();

  constructor(o: {
    snapshot: StatusSnapshot;
    incidents: IncidentsRepo;
    catalog: Catalog;
    publicUrl: string;
    since: number;
  }) {
    this.#snapshot = o.snapshot;
    this.#catalog = o.catalog;
    this.#publicUrl = o.publicUrl.replace(/\/+$/, '');
    this.#incidents = new PublishedIncidents(o.incidents);
    this.#since = o.since;
  }

  /** Undefined before the first snapshot. */
  statuspage(scope: PageScope, doc: StatuspageDoc): Promise<Rendered> | undefined {
    const key = `sp:${scope.kind === 'instance' ? '' : scope.slug}:${doc}`;
    return this.#get(key, async (model, incidents) =>
      JSON.stringify(
        statuspageDocs({
          model,
          incidents,
          catalog: this.#catalog,
          publicUrl: this.#publicUrl,
          scope,
          since: this.#since,
        })[doc],
      ),
    );
  }

  feed(scope: FeedScope, format: FeedFormat, self: string): Promise<Rendered> | undefined {
    const key = `feed:${scope.kind}:${scope.kind === 'all' ? '' : scope.slug}:${format}`;
    return this.#get(key, async (model, incidents) => {
      const f = incidentFeed({ incidents, catalog: this.#catalog, publicUrl: this.#publicUrl, scope, self });
      const now = Date.parse(model.summary.updatedAt);
      return format === 'rss' ? rss(f, now) : atom(f, now);
    });
  }

  #get(
    key: string,
    render: (
      model: NonNullable<StatusSnapshot['model']>,
      incidents: Awaited<ReturnType<PublishedIncidents['load']>>,
    ) => Promise<string>,
  ): Promise<Rendered> | undefined {
    const model = this.#snapshot.model;
    if (!model) return undefined;
    const version = this.#snapshot.version;
    if (version !== this.#version) {
      this.#version = version;
      this.#cache = new Map();
    }
    let hit = this.#cache.get(key);
    if (!hit) {
      hit = this.#incidents
        .load(version)
        .then(async (incidents) => rendered(await render(model, incidents), this.#snapshot.builtAt));
      hit.catch(() => this.#cache.delete(key));
      this.#cache.set(key, hit);
    }
    return hit;
  }
}
