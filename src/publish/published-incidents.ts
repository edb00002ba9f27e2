import type { IncidentsRepo } from '../incidents/incidents-repo.ts';
import type { Incident, IncidentEvent } from '../incidents/types.ts';

export type PublishedIncident = { incident: Incident; events: IncidentEvent[] };

const RECENT = 200;

/**
 * The recent incidents with their timelines, for Statuspage JSON and feeds. Loaded once per status
 * snapshot (the caller keys on its version); a resolved incident never changes, so its timeline is
 * read once per process, and only open or changed ones are read again.
 */
export class PublishedIncidents {
  readonly #incidents: IncidentsRepo;
  readonly #timelines = new Map<number, { updatedAt: number; events: IncidentEvent[] }>();
  #version = Number.NaN;
  #loading: Promise<PublishedIncident[]> | undefined;

  constructor(incidents: IncidentsRepo) {
    this.#incidents = incidents;
  }

  /** Newest first; at most 200. Concurrent callers of one version share one load. */
  load(version: number): Promise<PublishedIncident[]> {
    if (version !== this.#version || !this.#loading) {
      this.#version = version;
      this.#loading = this.#read().catch((e) => {
        this.#loading = undefined;
        throw e;
      });
    }
    return this.#loading;
  }

  async #read(): Promise<PublishedIncident[]> {
    const list = await this.#incidents.listIncidents({ limit: RECENT });
    const out: PublishedIncident[] = [];
    for (const incident of list) {
      const known = this.#timelines.get(incident.id);
      if (known && known.updatedAt === incident.updatedAt && incident.resolvedAt !== null) {
        out.push({ incident, events: known.events });
        continue;
      }
      const found = await this.#incidents.getIncident(incident.id);
      if (!found) continue;
      this.#timelines.set(incident.id, { updatedAt: found.incident.updatedAt, events: found.events });
      out.push(found);
    }
    const keep = new Set(list.map((i) => i.id));
    for (const id of this.#timelines.keys()) if (!keep.has(id)) this.#timelines.delete(id);
    return out;
  }
}
