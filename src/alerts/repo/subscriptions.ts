import type { Severity } from '../../shared/status-vocabulary.ts';
import { type Executor, num, type Row } from '../../store/sql/executor.ts';
import type {
  ChannelKind,
  NewSubscription,
  ScopeKind,
  SubscriptionRecord,
  SubscriptionState,
} from '../types.ts';

const orNull = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));

export const toSubscription = (r: Row): SubscriptionRecord => {
  const from = orNull(r.quiet_from);
  const to = orNull(r.quiet_to);
  return {
    id: num(r.id),
    channel: String(r.channel) as ChannelKind,
    target: JSON.parse(String(r.target)) as Record<string, unknown>,
    scope: { kind: String(r.scope_kind) as ScopeKind, value: String(r.scope_value) },
    minSeverity: String(r.min_severity) as Severity,
    quietHours: from === null || to === null ? null : { from, to },
    timeZone: String(r.time_zone),
    language: String(r.language),
    state: String(r.state) as SubscriptionState,
    signingSecret: r.signing_secret === null ? null : String(r.signing_secret),
    unsubscribeToken: String(r.unsubscribe_token),
    createdAt: num(r.created_at),
    confirmedAt: orNull(r.confirmed_at),
    endedAt: orNull(r.ended_at),
  };
};

export async function insertSubscription(tx: Executor, s: NewSubscription): Promise<number> {
  const [row] = await tx.all(
    `INSERT INTO alert_subscriptions (channel, target, scope_kind, scope_value, min_severity, quiet_from, quiet_to,
       time_zone, language, state, signing_secret, confirm_token_hash, unsubscribe_token, created_at, confirmed_at, ended_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, NULL) RETURNING id`,
    [
      s.channel,
      JSON.stringify(s.target),
      s.scope.kind,
      s.scope.value,
      s.minSeverity,
      s.quietHours?.from ?? null,
      s.quietHours?.to ?? null,
      s.timeZone,
      s.language,
      s.state,
      s.signingSecret,
      s.confirmTokenHash,
      s.unsubscribeToken,
      s.createdAt,
      s.state === 'active' ? s.createdAt : null,
    ],
  );
  return num(row!.id);
}

export async function getSubscription(db: Executor, id: number): Promise<SubscriptionRecord | undefined> {
  const [row] = await db.all('SELECT * FROM alert_subscriptions WHERE id = $1', [id]);
  return row && toSubscription(row);
}

/** Newest first, optionally in one state; `before` pages by id. */
export async function listSubscriptions(
  db: Executor,
  q: { state?: SubscriptionState | undefined; limit: number; before?: number | undefined },
): Promise<SubscriptionRecord[]> {
  const rows = await db.all(
    `SELECT * FROM alert_subscriptions WHERE ($1 = '' OR state = $1) AND id < $2 ORDER BY id DESC LIMIT $3`,
    [q.state ?? '', q.before ?? Number.MAX_SAFE_INTEGER, q.limit],
  );
  return rows.map(toSubscription);
}

/** The pending subscription an emailed confirm token belongs to (nothing changes). */
export async function findPendingByConfirmToken(
  db: Executor,
  tokenHash: string,
): Promise<SubscriptionRecord | undefined> {
  const [row] = await db.all(
    `SELECT * FROM alert_subscriptions WHERE confirm_token_hash = $1 AND state = 'pending'`,
    [tokenHash],
  );
  return row && toSubscription(row);
}

/** pending → active, once, for the holder of the emailed token. */
export async function confirmSubscription(
  tx: Executor,
  tokenHash: string,
  at: number,
): Promise<SubscriptionRecord | undefined> {
  const [row] = await tx.all(
    `UPDATE alert_subscriptions SET state = 'active', confirmed_at = $2, confirm_token_hash = NULL
     WHERE confirm_token_hash = $1 AND state = 'pending' RETURNING *`,
    [tokenHash, at],
  );
  return row && toSubscription(row);
}

/** Ends a subscription (by id or by its unsubscribe token); true if it was not ended already. */
export async function endSubscription(
  tx: Executor,
  by: { id: number } | { token: string },
  at: number,
): Promise<SubscriptionRecord | undefined> {
  const [where, value] = 'id' in by ? ['id = $1', by.id] : ['unsubscribe_token = $1', by.token];
  const [row] = await tx.all(
    `UPDATE alert_subscriptions SET state = 'unsubscribed', ended_at = $2, confirm_token_hash = NULL
     WHERE ${where} AND state <> 'unsubscribed' RETURNING *`,
    [value, at],
  );
  if (row) {
    await tx.run(
      `UPDATE alert_deliveries SET state = 'cancelled', finished_at = $2 WHERE subscription_id = $1 AND state = 'pending'`,
      [num(row.id), at],
    );
  }
  return row && toSubscription(row);
}

export async function findByUnsubscribeToken(
  db: Executor,
  token: string,
): Promise<SubscriptionRecord | undefined> {
  const [row] = await db.all('SELECT * FROM alert_subscriptions WHERE unsubscribe_token = $1', [token]);
  return row && toSubscription(row);
}

export async function setSigningSecret(tx: Executor, id: number, secret: string): Promise<boolean> {
  const r = await tx.run(
    `UPDATE alert_subscriptions SET signing_secret = $2 WHERE id = $1 AND channel = 'webhook' AND state <> 'unsubscribed'`,
    [id, secret],
  );
  return r.changes === 1;
}

export async function activeSubscriptions(db: Executor): Promise<SubscriptionRecord[]> {
  return (await db.all(`SELECT * FROM alert_subscriptions WHERE state = 'active' ORDER BY id`)).map(
    toSubscription,
  );
}
