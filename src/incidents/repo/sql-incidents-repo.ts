import type { SqlAccess } from '../../store/sql/sql-access.ts';
import type { IncidentsRepo } from '../incidents-repo.ts';
import {
  addEvent,
  archive,
  attachOutsideEvent,
  getIncident,
  incidentIds,
  insertIncident,
  listIncidents,
  neighbours,
  openIncidents,
  resolveIncident,
  updateOpenIncident,
  upsertIncidentService,
} from './incident-sql.ts';

/** The incidents repository on the store's executors: shared SQL, one contract suite on both engines. */
export function sqlIncidentsRepo(db: SqlAccess): IncidentsRepo {
  const { writer, reader } = db;
  return {
    openIncident: (i, first, event) =>
      writer.transaction(async (tx) => {
        const id = await insertIncident(tx, i);
        if (id === null) return null;
        await upsertIncidentService(tx, id, first);
        await addEvent(tx, id, event);
        return id;
      }),
    updateIncident: (id, update, services, events) =>
      writer.transaction(async (tx) => {
        if (!(await updateOpenIncident(tx, id, update))) return false;
        for (const s of services) await upsertIncidentService(tx, id, s);
        for (const e of events) await addEvent(tx, id, e);
        return true;
      }),
    resolveIncident: (id, at, services, event) =>
      writer.transaction(async (tx) => {
        if (!(await resolveIncident(tx, id, at))) return false;
        for (const s of services) await upsertIncidentService(tx, id, s);
        await addEvent(tx, id, event);
        return true;
      }),
    addIncidentEvent: (id, event) => writer.transaction((tx) => addEvent(tx, id, event)),
    // The mark and the timeline row commit together, so two nodes linking at once add one row.
    linkOutsideEvent: (eventId, incidentId, row) =>
      writer.transaction(async (tx) => {
        if (!(await attachOutsideEvent(tx, eventId, incidentId))) return false;
        await addEvent(tx, incidentId, row);
        return true;
      }),
    openIncidents: () => openIncidents(reader),
    listIncidents: (q) => listIncidents(reader, q),
    archive: (q) => archive(reader, q),
    neighbours: (id) => neighbours(reader, id),
    incidentIds: (limit) => incidentIds(reader, limit),
    getIncident: (id) => getIncident(reader, id),
  };
}
