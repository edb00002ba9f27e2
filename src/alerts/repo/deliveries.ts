import { type Executor, num, type Row } from '../../store/sql/executor.ts';
import type {
  AttemptOutcome,
  AttemptRecord,
  ChannelKind,
  DeliveryRecord,
  DeliveryState,
  NewAttempt,
  Transition,
} from '../types.ts';

const orNull = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));

export const toDelivery = (r: Row): DeliveryRecord => ({
  id: num(r.id),
  idempotencyKey: String(r.idempotency_key),
  subscriptionId: num(r.subscription_id),
  incidentId: num(r.incident_id),
  channel: String(r.channel) as ChannelKind,
  transitions: JSON.parse(String(r.transitions)) as Transition[],
  state: String(r.state) as DeliveryState,
  attempts: num(r.attempts),
  dueAt: num(r.due_at),
  leaseUntil: orNull(r.lease_until),
  lastError: r.last_error === null ? null : String(r.last_error),
  createdAt: num(r.created_at),
  finishedAt: orNull(r.finished_at),
});

const toAttempt = (r: Row): AttemptRecord => ({
  id: num(r.id),
  deliveryId: num(r.delivery_id),
  at: num(r.at),
  ok: num(r.ok) === 1,
  statusCode: orNull(r.status_code),
  error: r.error === null ? null : String(r.error),
  durationMs: num(r.duration_ms),
});

/** Ids of deliveries that may be claimed now: due, or left `sending` by a node whose lease ran out. */
export async function dueDeliveries(db: Executor, now: number, limit: number): Promise<number[]> {
  const rows = await db.all(
    `SELECT id FROM alert_deliveries
     WHERE (state = 'pending' AND due_at <= $1) OR (state = 'sending' AND lease_until < $1)
     ORDER BY due_at, id LIMIT $2`,
    [now, limit],
  );
  return rows.map((r) => num(r.id));
}

/**
 * Claims a delivery for one attempt with a conditional update, so two nodes (or two loops) cannot
 * both send it; returns it with `attempts` already counting this one, or undefined if taken.
 */
export async function claimDelivery(
  tx: Executor,
  id: number,
  now: number,
  leaseUntil: number,
): Promise<DeliveryRecord | undefined> {
  const [row] = await tx.all(
    `UPDATE alert_deliveries SET state = 'sending', attempts = attempts + 1, lease_until = $3
     WHERE id = $1 AND ((state = 'pending' AND due_at <= $2) OR (state = 'sending' AND lease_until < $2))
     RETURNING *`,
    [id, now, leaseUntil],
  );
  return row && toDelivery(row);
}

/**
 * Records an attempt and its outcome, if the claim (identified by its attempt number) still holds.
 * The attempt row is written either way: the log shows every try.
 */
export async function finishAttempt(
  tx: Executor,
  id: number,
  attempt: number,
  a: NewAttempt,
  outcome: AttemptOutcome,
): Promise<boolean> {
  await tx.run(
    `INSERT INTO alert_attempts (delivery_id, at, ok, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5, $6)`,
    [id, a.at, a.ok ? 1 : 0, a.statusCode, a.error, Math.round(a.durationMs)],
  );
  const finished = outcome.state === 'pending' ? null : a.at;
  const dueAt = outcome.state === 'pending' ? outcome.dueAt : null;
  const r = await tx.run(
    `UPDATE alert_deliveries SET state = $3, lease_until = NULL, last_error = $4, finished_at = $5,
       due_at = COALESCE($6, due_at)
     WHERE id = $1 AND state = 'sending' AND attempts = $2`,
    [id, attempt, outcome.state, a.error, finished, dueAt],
  );
  return r.changes === 1;
}

/** Ends a claimed delivery without an attempt (its subscription ended meanwhile). */
export async function cancelDelivery(tx: Executor, id: number, at: number): Promise<void> {
  await tx.run(
    `UPDATE alert_deliveries SET state = 'cancelled', lease_until = NULL, finished_at = $2 WHERE id = $1 AND state = 'sending'`,
    [id, at],
  );
}

export async function getDelivery(
  db: Executor,
  id: number,
): Promise<{ delivery: DeliveryRecord; attempts: AttemptRecord[] } | undefined> {
  const [row] = await db.all('SELECT * FROM alert_deliveries WHERE id = $1', [id]);
  if (!row) return undefined;
  const attempts = (
    await db.all('SELECT * FROM alert_attempts WHERE delivery_id = $1 ORDER BY at, id', [id])
  ).map(toAttempt);
  return { delivery: toDelivery(row), attempts };
}

/** The delivery log, newest first; filters are optional; `before` pages by id. */
export async function listDeliveries(
  db: Executor,
  q: {
    subscriptionId?: number | undefined;
    incidentId?: number | undefined;
    state?: DeliveryState | undefined;
    limit: number;
    before?: number | undefined;
  },
): Promise<DeliveryRecord[]> {
  const rows = await db.all(
    `SELECT * FROM alert_deliveries
     WHERE ($1 = 0 OR subscription_id = $1) AND ($2 = 0 OR incident_id = $2) AND ($3 = '' OR state = $3) AND id < $4
     ORDER BY id DESC LIMIT $5`,
    [q.subscriptionId ?? 0, q.incidentId ?? 0, q.state ?? '', q.before ?? Number.MAX_SAFE_INTEGER, q.limit],
  );
  return rows.map(toDelivery);
}

/** Puts a dead (or cancelled) delivery back in the queue with a fresh attempt budget. */
export async function requeueDelivery(tx: Executor, id: number, now: number): Promise<boolean> {
  const r = await tx.run(
    `UPDATE alert_deliveries SET state = 'pending', attempts = 0, due_at = $2, finished_at = NULL, lease_until = NULL
     WHERE id = $1 AND state IN ('dead', 'cancelled')
       AND subscription_id IN (SELECT id FROM alert_subscriptions WHERE state = 'active')`,
    [id, now],
  );
  return r.changes === 1;
}

/** Deliveries per state and channel (queue depth and totals for metrics). */
export async function deliveryCounts(
  db: Executor,
): Promise<{ channel: ChannelKind; state: DeliveryState; n: number }[]> {
  const rows = await db.all(
    `SELECT channel, state, COUNT(*) AS n FROM alert_deliveries WHERE state IN ('pending', 'sending') GROUP BY channel, state`,
  );
  return rows.map((r) => ({
    channel: String(r.channel) as ChannelKind,
    state: String(r.state) as DeliveryState,
    n: num(r.n),
  }));
}
