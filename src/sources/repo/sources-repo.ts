import { num, type Row } from '../../store/sql/executor.ts';
import type { SqlAccess } from '../../store/sql/sql-access.ts';
import type {
  AcknowledgedIncident,
  MinuteCount,
  OfficialState,
  OutsideEvent,
  RecordResult,
  SignalCount,
  SignalItem,
  SourceCursor,
  StoredOutsideEvent,
} from '../types.ts';

const MINUTE = 60_000;
const floorMinute = (t: number) => t - (((t % MINUTE) + MINUTE) % MINUTE);
/** Services are stored as ",a,b," so that one LIKE finds a service without a join table. */
const packServices = (s: string[]) => `,${s.join(',')},`;
const unpackServices = (s: unknown) => String(s).split(',').filter(Boolean);
const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

const toEvent = (r: Row): StoredOutsideEvent => ({
  id: num(r.id),
  dedupeKey: String(r.dedupe_key),
  at: num(r.at),
  kind: String(r.kind) as StoredOutsideEvent['kind'],
  provider: String(r.provider),
  services: unpackServices(r.services),
  message: String(r.message),
  ack: num(r.ack) === 1,
  data: JSON.parse(String(r.data)) as Record<string, unknown>,
  incidentId: r.incident_id === null ? null : num(r.incident_id),
  createdAt: num(r.created_at),
});

const toOfficial = (r: Row): OfficialState => ({
  source: String(r.source),
  provider: String(r.provider),
  kind: String(r.kind),
  url: String(r.url),
  etag: text(r.etag),
  lastModified: text(r.last_modified),
  checkedAt: num(r.checked_at),
  okAt: r.ok_at === null ? null : num(r.ok_at),
  failures: num(r.failures),
  stale: num(r.stale) === 1,
  error: text(r.error),
  state: JSON.parse(String(r.state)) as unknown,
});

/**
 * The repository of outside sources, on the store's executors (shared SQL on both engines).
 * Idempotency lives here: an item is counted only when its (source, item) row is new, and an event
 * is kept only when its dedupe key is new — so reconnects, re-polls, replays and several nodes
 * never count twice.
 */
export class SourcesRepo {
  readonly #db: SqlAccess;

  constructor(db: SqlAccess) {
    this.#db = db;
  }

  /** Counts the items not seen before and moves the cursors, all in one transaction. */
  record(items: SignalItem[], cursors: SourceCursor[] = [], now = Date.now()): Promise<RecordResult> {
    return this.#db.writer.transaction(async (tx) => {
      let accepted = 0;
      let duplicates = 0;
      const sums = new Map<string, SignalCount & { minute: number }>();
      for (const it of items) {
        const r = await tx.run(
          'INSERT INTO source_seen (source, item, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
          [it.source, it.item, it.at],
        );
        if (r.changes === 0) {
          duplicates++;
          continue;
        }
        accepted++;
        const minute = floorMinute(it.at);
        for (const c of it.counts) {
          const key = `${c.service}\u0000${c.kind}\u0000${minute}\u0000${c.dim}`;
          const s = sums.get(key);
          if (s) s.n += c.n;
          else sums.set(key, { ...c, minute });
        }
      }
      for (const s of sums.values())
        await tx.run(
          `INSERT INTO source_minutes (service, kind, minute, dim, n) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (service, kind, minute, dim) DO UPDATE SET n = source_minutes.n + excluded.n`,
          [s.service, s.kind, s.minute, s.dim, s.n],
        );
      for (const c of cursors)
        await tx.run(
          `INSERT INTO source_cursors (source, cursor, updated_at) VALUES ($1, $2, $3)
           ON CONFLICT (source) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
          [c.source, c.cursor, now],
        );
      return { accepted, duplicates };
    });
  }

  async cursor(source: string): Promise<string | undefined> {
    const rows = await this.#db.reader.all('SELECT cursor FROM source_cursors WHERE source = $1', [source]);
    return rows[0] ? String(rows[0].cursor) : undefined;
  }

  /** Per-minute counts of one service in [from, to), oldest first. */
  async minuteCounts(q: { service: string; from: number; to: number }): Promise<MinuteCount[]> {
    const rows = await this.#db.reader.all(
      `SELECT minute, kind, dim, n FROM source_minutes WHERE service = $1 AND minute >= $2 AND minute < $3
       ORDER BY minute, kind, dim`,
      [q.service, q.from, q.to],
    );
    return rows.map((r) => ({
      minute: num(r.minute),
      kind: String(r.kind),
      dim: String(r.dim),
      n: num(r.n),
    }));
  }

  /** Keeps an outside event unless one with its dedupe key exists; returns whether it was new. */
  async addEvent(e: OutsideEvent, now = Date.now()): Promise<boolean> {
    const r = await this.#db.writer.run(
      `INSERT INTO source_events (dedupe_key, at, kind, provider, services, message, ack, data, incident_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, $9) ON CONFLICT (dedupe_key) DO NOTHING`,
      [
        e.dedupeKey,
        e.at,
        e.kind,
        e.provider,
        packServices(e.services),
        e.message,
        e.ack ? 1 : 0,
        JSON.stringify(e.data),
        now,
      ],
    );
    return r.changes > 0;
  }

  /** Events not yet attached to an incident, from `since` on, oldest first. */
  async unlinkedEvents(since: number, limit = 500): Promise<StoredOutsideEvent[]> {
    const rows = await this.#db.reader.all(
      'SELECT * FROM source_events WHERE incident_id IS NULL AND at >= $1 ORDER BY at, id LIMIT $2',
      [since, limit],
    );
    return rows.map(toEvent);
  }

  /** Events about a service in [from, to), newest first. */
  async eventsOf(q: {
    service: string;
    from: number;
    to: number;
    limit: number;
  }): Promise<StoredOutsideEvent[]> {
    const rows = await this.#db.reader.all(
      `SELECT * FROM source_events WHERE services LIKE $1 AND at >= $2 AND at < $3 ORDER BY at DESC, id DESC LIMIT $4`,
      [`%,${q.service},%`, q.from, q.to, q.limit],
    );
    return rows.map(toEvent);
  }

  async officialState(source: string): Promise<OfficialState | undefined> {
    const rows = await this.#db.reader.all('SELECT * FROM official_status WHERE source = $1', [source]);
    return rows[0] ? toOfficial(rows[0]) : undefined;
  }

  async officialStates(provider?: string): Promise<OfficialState[]> {
    const rows = provider
      ? await this.#db.reader.all('SELECT * FROM official_status WHERE provider = $1 ORDER BY source', [
          provider,
        ])
      : await this.#db.reader.all('SELECT * FROM official_status ORDER BY source');
    return rows.map(toOfficial);
  }

  async saveOfficialState(s: OfficialState): Promise<void> {
    await this.#db.writer.run(
      `INSERT INTO official_status (source, provider, kind, url, etag, last_modified, checked_at, ok_at, failures, stale, error, state)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (source) DO UPDATE SET provider = excluded.provider, kind = excluded.kind, url = excluded.url,
         etag = excluded.etag, last_modified = excluded.last_modified, checked_at = excluded.checked_at,
         ok_at = excluded.ok_at, failures = excluded.failures, stale = excluded.stale, error = excluded.error,
         state = excluded.state`,
      [
        s.source,
        s.provider,
        s.kind,
        s.url,
        s.etag,
        s.lastModified,
        s.checkedAt,
        s.okAt,
        s.failures,
        s.stale ? 1 : 0,
        s.error,
        JSON.stringify(s.state ?? null),
      ],
    );
  }

  /** Incidents an official source acknowledged, with the first acknowledgement: newest incidents first. */
  async acknowledgedIncidents(q: { provider?: string; limit: number }): Promise<AcknowledgedIncident[]> {
    const where = q.provider ? 'AND e.provider = $2' : '';
    const rows = await this.#db.reader.all(
      `SELECT e.provider, e.incident_id, MIN(e.at) AS acknowledged_at, i.started_at, i.detected_at
       FROM source_events e JOIN incidents i ON i.id = e.incident_id
       WHERE e.kind = 'official' AND e.ack = 1 ${where}
       GROUP BY e.provider, e.incident_id, i.started_at, i.detected_at
       ORDER BY i.started_at DESC LIMIT $1`,
      q.provider ? [q.limit, q.provider] : [q.limit],
    );
    return rows.map((r) => ({
      provider: String(r.provider),
      incidentId: num(r.incident_id),
      startedAt: num(r.started_at),
      detectedAt: num(r.detected_at),
      acknowledgedAt: num(r.acknowledged_at),
    }));
  }

  /** Retention: dedupe rows, minute counts, and events never attached to an incident. */
  async prune(c: { seenBefore: number; minutesBefore: number; eventsBefore: number }): Promise<number> {
    return this.#db.writer.transaction(async (tx) => {
      const a = await tx.run('DELETE FROM source_seen WHERE at < $1', [c.seenBefore]);
      const b = await tx.run('DELETE FROM source_minutes WHERE minute < $1', [c.minutesBefore]);
      const d = await tx.run('DELETE FROM source_events WHERE at < $1 AND incident_id IS NULL', [
        c.eventsBefore,
      ]);
      return a.changes + b.changes + d.changes;
    });
  }
}
