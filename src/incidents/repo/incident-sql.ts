import type { Impact, IncidentStatus, ServiceState } from '../../shared/status-vocabulary.ts';
import { type Executor, num, type Row } from '../../store/sql/executor.ts';
import type {
  ArchiveQuery,
  Incident,
  IncidentEvent,
  IncidentService,
  IncidentUpdate,
  NewEvent,
  NewIncident,
} from '../types.ts';

const toService = (r: Row): IncidentService => ({
  service: String(r.service),
  status: String(r.status) as ServiceState,
  startedAt: num(r.started_at),
  detectedAt: num(r.detected_at),
  recoveredAt: r.recovered_at === null ? null : num(r.recovered_at),
  peakAt: num(r.peak_at),
  peakRate: num(r.peak_rate),
});

const toIncident = (r: Row, services: IncidentService[]): Incident => ({
  id: num(r.id),
  groupKey: String(r.group_key),
  title: String(r.title),
  status: String(r.status) as IncidentStatus,
  impact: String(r.impact) as Impact,
  startedAt: num(r.started_at),
  detectedAt: num(r.detected_at),
  peakAt: num(r.peak_at),
  peakRate: num(r.peak_rate),
  resolvedAt: r.resolved_at === null ? null : num(r.resolved_at),
  updatedAt: num(r.updated_at),
  services,
});

export async function addEvent(tx: Executor, incidentId: number, e: NewEvent): Promise<void> {
  await tx.run(
    'INSERT INTO incident_events (incident_id, at, kind, service, message, data) VALUES ($1, $2, $3, $4, $5, $6)',
    [incidentId, e.at, e.kind, e.service ?? null, e.message, JSON.stringify(e.data ?? {})],
  );
}

/** Marks an outside event as attached to the incident, only if it is still unattached. */
export async function attachOutsideEvent(
  tx: Executor,
  eventId: number,
  incidentId: number,
): Promise<boolean> {
  const r = await tx.run('UPDATE source_events SET incident_id = $1 WHERE id = $2 AND incident_id IS NULL', [
    incidentId,
    eventId,
  ]);
  return r.changes === 1;
}

/** Inserts an incident unless its group already has an open one; returns the new id or null. */
export async function insertIncident(tx: Executor, i: NewIncident): Promise<number | null> {
  const rows = await tx.all(
    `INSERT INTO incidents (group_key, title, status, impact, started_at, detected_at, peak_at, peak_rate, resolved_at, updated_at)
     VALUES ($1, $2, 'investigating', $3, $4, $5, $5, $6, NULL, $5)
     ON CONFLICT (group_key) WHERE resolved_at IS NULL DO NOTHING RETURNING id`,
    [i.groupKey, i.title, i.impact, i.startedAt, i.detectedAt, i.peakRate],
  );
  return rows[0] ? num(rows[0].id) : null;
}

export async function upsertIncidentService(
  tx: Executor,
  incidentId: number,
  s: IncidentService,
): Promise<void> {
  await tx.run(
    `INSERT INTO incident_services (incident_id, service, status, started_at, detected_at, recovered_at, peak_at, peak_rate)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (incident_id, service) DO UPDATE SET status = excluded.status, recovered_at = excluded.recovered_at,
       peak_at = excluded.peak_at, peak_rate = excluded.peak_rate`,
    [incidentId, s.service, s.status, s.startedAt, s.detectedAt, s.recoveredAt, s.peakAt, s.peakRate],
  );
}

/** Conditional update: only an open incident changes; returns whether it did. */
export async function updateOpenIncident(tx: Executor, id: number, set: IncidentUpdate): Promise<boolean> {
  const r = await tx.run(
    `UPDATE incidents SET title = $2, impact = $3, status = $4, peak_at = $5, peak_rate = $6, updated_at = $7
     WHERE id = $1 AND resolved_at IS NULL`,
    [id, set.title, set.impact, set.status, set.peakAt, set.peakRate, set.updatedAt],
  );
  return r.changes === 1;
}

/** Conditional resolve: `WHERE resolved_at IS NULL`, so two resolvers cannot both succeed. */
export async function resolveIncident(tx: Executor, id: number, at: number): Promise<boolean> {
  const r = await tx.run(
    `UPDATE incidents SET status = 'resolved', resolved_at = $2, updated_at = $2 WHERE id = $1 AND resolved_at IS NULL`,
    [id, at],
  );
  return r.changes === 1;
}

async function withServices(db: Executor, rows: Row[]): Promise<Incident[]> {
  const out: Incident[] = [];
  for (const r of rows) {
    const services = (
      await db.all('SELECT * FROM incident_services WHERE incident_id = $1 ORDER BY started_at, service', [
        num(r.id),
      ])
    ).map(toService);
    out.push(toIncident(r, services));
  }
  return out;
}

export async function openIncidents(db: Executor): Promise<Incident[]> {
  return withServices(
    db,
    await db.all('SELECT * FROM incidents WHERE resolved_at IS NULL ORDER BY started_at'),
  );
}

/** Newest first; optionally only those touching one service. */
export async function listIncidents(
  db: Executor,
  q: { service?: string; limit: number },
): Promise<Incident[]> {
  const rows = q.service
    ? await db.all(
        `SELECT * FROM incidents WHERE id IN (SELECT incident_id FROM incident_services WHERE service = $1) ORDER BY started_at DESC LIMIT $2`,
        [q.service, q.limit],
      )
    : await db.all('SELECT * FROM incidents ORDER BY started_at DESC LIMIT $1', [q.limit]);
  return withServices(db, rows);
}

export async function archive(db: Executor, q: ArchiveQuery): Promise<Incident[]> {
  const where: string[] = [];
  const args: unknown[] = [];
  const arg = (v: unknown) => {
    args.push(v);
    return `$${args.length}`;
  };
  if (q.services) {
    if (q.services.length === 0) return [];
    where.push(
      `id IN (SELECT incident_id FROM incident_services WHERE service IN (${q.services.map(arg).join(', ')}))`,
    );
  }
  if (q.impacts) {
    if (q.impacts.length === 0) return [];
    where.push(`impact IN (${q.impacts.map(arg).join(', ')})`);
  }
  if (q.from !== undefined) where.push(`started_at >= ${arg(q.from)}`);
  if (q.to !== undefined) where.push(`started_at < ${arg(q.to)}`);
  if (q.after) {
    const at = arg(q.after.startedAt);
    where.push(`(started_at < ${at} OR (started_at = ${at} AND id < ${arg(q.after.id)}))`);
  }
  // Newest first along incidents_started: a page reads `limit` rows however deep it is.
  const rows = await db.all(
    `SELECT * FROM incidents${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY started_at DESC, id DESC LIMIT ${arg(q.limit)}`,
    args,
  );
  return withServices(db, rows);
}

export async function neighbours(
  db: Executor,
  id: number,
): Promise<{ older: number | null; newer: number | null }> {
  const [me] = await db.all('SELECT started_at FROM incidents WHERE id = $1', [id]);
  if (!me) return { older: null, newer: null };
  const at = num(me.started_at);
  const [older] = await db.all(
    'SELECT id FROM incidents WHERE started_at < $1 OR (started_at = $1 AND id < $2) ORDER BY started_at DESC, id DESC LIMIT 1',
    [at, id],
  );
  const [newer] = await db.all(
    'SELECT id FROM incidents WHERE started_at > $1 OR (started_at = $1 AND id > $2) ORDER BY started_at, id LIMIT 1',
    [at, id],
  );
  return { older: older ? num(older.id) : null, newer: newer ? num(newer.id) : null };
}

export async function incidentIds(db: Executor, limit: number): Promise<number[]> {
  const rows = await db.all('SELECT id FROM incidents ORDER BY id DESC LIMIT $1', [limit]);
  return rows.map((r) => num(r.id));
}

export async function getIncident(
  db: Executor,
  id: number,
): Promise<{ incident: Incident; events: IncidentEvent[] } | undefined> {
  const [row] = await db.all('SELECT * FROM incidents WHERE id = $1', [id]);
  if (!row) return undefined;
  const [incident] = await withServices(db, [row]);
  const events = (
    await db.all('SELECT * FROM incident_events WHERE incident_id = $1 ORDER BY at, id', [id])
  ).map((e) => ({
    id: num(e.id),
    at: num(e.at),
    kind: String(e.kind),
    service: e.service === null ? null : String(e.service),
    message: String(e.message),
    data: JSON.parse(String(e.data)) as Record<string, unknown>,
  }));
  return { incident: incident!, events };
}
