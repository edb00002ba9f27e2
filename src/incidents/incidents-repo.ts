import type {
  ArchiveQuery,
  Incident,
  IncidentEvent,
  IncidentService,
  IncidentUpdate,
  NewEvent,
  NewIncident,
} from './types.ts';

/**
 * The incidents repository: incidents, their services and their timeline. Every write is one
 * transaction and conditional on the incident's state, so two nodes never apply a change twice.
 * Built once by the composition root (src/app/) over the store's executors (repo/, one contract
 * suite on both engines); everyone else receives it.
 */
export interface IncidentsRepo {
  /**
   * Opens an incident for a group with its first service and timeline row, in one transaction.
   * Returns null (and writes nothing) when the group already has an open incident.
   */
  openIncident(i: NewIncident, first: IncidentService, event: NewEvent): Promise<number | null>;
  /**
   * Changes an open incident (conditional on it still being open), upserts its services and adds
   * timeline rows, in one transaction. Returns false, writing nothing, if it was already resolved.
   */
  updateIncident(
    id: number,
    update: IncidentUpdate,
    services: IncidentService[],
    events: NewEvent[],
  ): Promise<boolean>;
  /** Resolves if still open (`WHERE resolved_at IS NULL`), with final service rows and a timeline row. */
  resolveIncident(id: number, at: number, services: IncidentService[], event: NewEvent): Promise<boolean>;
  addIncidentEvent(id: number, event: NewEvent): Promise<void>;
  /**
   * Attaches an outside event (official status, posts, routing) to an incident: marks the event
   * (only if still unattached) and adds the timeline row, in one transaction over both tables.
   * Returns false, writing nothing, when the event was already attached.
   */
  linkOutsideEvent(eventId: number, incidentId: number, row: NewEvent): Promise<boolean>;
  openIncidents(): Promise<Incident[]>;
  listIncidents(q: { service?: string; limit: number }): Promise<Incident[]>;
  /** The archive: incidents matching the filters, newest first (started_at, then id), one page at a time. */
  archive(q: ArchiveQuery): Promise<Incident[]>;
  /** The incidents just before (older) and after (newer) this one, by start, for prev/next links. */
  neighbours(id: number): Promise<{ older: number | null; newer: number | null }>;
  /** Every incident's id, newest first, at most `limit` (the sitemap: ids only, from the primary key). */
  incidentIds(limit: number): Promise<number[]>;
  getIncident(id: number): Promise<{ incident: Incident; events: IncidentEvent[] } | undefined>;
}
