import { type Executor, num, type Row } from '../../store/sql/executor.ts';
import type { OutboxEvent, Thread, ThreadChange, Transition } from '../types.ts';

/**
 * How far below the newest handled row we still look for unhandled ones: timeline rows of
 * transactions that committed out of id order (PostgreSQL sequences) are still found, and the
 * scan stays bounded however long the history.
 */
const LOOKBACK = 1000;

/** Incident timeline rows not yet turned into deliveries, oldest first. */
export async function pendingEvents(db: Executor, limit: number): Promise<OutboxEvent[]> {
  const rows = await db.all(
    `SELECT e.id, e.incident_id, e.at, e.kind, e.service FROM incident_events e
     WHERE e.id > (SELECT COALESCE(MAX(event_id), 0) FROM alert_outbox_seen) - $1
       AND NOT EXISTS (SELECT 1 FROM alert_outbox_seen s WHERE s.event_id = e.id)
     ORDER BY e.id LIMIT $2`,
    [LOOKBACK, limit],
  );
  return rows.map((r) => ({
    id: num(r.id),
    incidentId: num(r.incident_id),
    at: num(r.at),
    kind: String(r.kind),
    service: r.service === null ? null : String(r.service),
  }));
}

const toThread = (r: Row): Thread => ({
  incidentId: num(r.incident_id),
  subscriptionId: num(r.subscription_id),
  state: String(r.state) === 'resolved' ? 'resolved' : 'firing',
  lastDueAt: num(r.last_due_at),
});

/** Adds the transition to the thread's delivery that was not tried yet, or enqueues a new one. */
async function enqueue(tx: Executor, incidentId: number, c: ThreadChange, at: number): Promise<number> {
  const [open] = await tx.all(
    `SELECT id, transitions FROM alert_deliveries
     WHERE incident_id = $1 AND subscription_id = $2 AND state = 'pending' AND attempts = 0 ORDER BY id DESC LIMIT 1`,
    [incidentId, c.subscriptionId],
  );
  if (open) {
    const before = String(open.transitions);
    const list = JSON.parse(before) as Transition[];
    // Compare-and-set: a worker that claimed it meanwhile (attempts > 0) keeps its copy intact.
    const r = await tx.run(
      `UPDATE alert_deliveries SET transitions = $2 WHERE id = $1 AND state = 'pending' AND attempts = 0 AND transitions = $3`,
      [num(open.id), JSON.stringify([...list, c.transition]), before],
    );
    if (r.changes === 1) return num(open.id);
  }
  const [row] = await tx.all(
    `INSERT INTO alert_deliveries (idempotency_key, subscription_id, incident_id, channel, transitions, state, attempts,
       due_at, lease_until, last_error, created_at, finished_at)
     VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6, NULL, NULL, $7, NULL)
     ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
    [
      `${c.transition.event}:${c.subscriptionId}`,
      c.subscriptionId,
      incidentId,
      c.channel,
      JSON.stringify([c.transition]),
      c.dueAt,
      at,
    ],
  );
  await tx.run(
    `INSERT INTO alert_threads (incident_id, subscription_id, state, last_due_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (incident_id, subscription_id) DO UPDATE SET last_due_at = excluded.last_due_at`,
    [incidentId, c.subscriptionId, c.state, c.dueAt],
  );
  return row ? num(row.id) : 0;
}

/**
 * Turns one timeline row into deliveries, exactly once: marks the row handled, reads the threads of
 * its incident and applies `decide` — all in the caller's transaction. Returns null when another
 * node handled the row first.
 */
export async function handleEvent(
  tx: Executor,
  event: OutboxEvent,
  at: number,
  decide: (threads: Map<number, Thread>) => ThreadChange[],
): Promise<ThreadChange[] | null> {
  const claimed = await tx.all(
    'INSERT INTO alert_outbox_seen (event_id, seen_at) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING RETURNING event_id',
    [event.id, at],
  );
  if (claimed.length === 0) return null;
  const threads = new Map(
    (await tx.all('SELECT * FROM alert_threads WHERE incident_id = $1', [event.incidentId])).map((r) => {
      const t = toThread(r);
      return [t.subscriptionId, t] as const;
    }),
  );
  const changes = decide(threads);
  for (const c of changes) {
    await enqueue(tx, event.incidentId, c, at);
    await tx.run('UPDATE alert_threads SET state = $3 WHERE incident_id = $1 AND subscription_id = $2', [
      event.incidentId,
      c.subscriptionId,
      c.state,
    ]);
  }
  return changes;
}
