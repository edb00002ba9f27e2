import type { Migration } from './migration.ts';

/**
 * Alerts: subscriptions (channel target and secrets, scope, severity, quiet hours, language), the
 * outbox marks (which incident timeline rows were turned into deliveries), one thread per
 * (incident, subscription) for grouping, the delivery queue and its attempt log.
 */
export const alerts: Migration = {
  version: 4,
  name: 'alerts',
  sql: (engine) => {
    const id = engine === 'postgres' ? 'BIGSERIAL PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT';
    return `
CREATE TABLE alert_subscriptions (
  id ${id},
  channel TEXT NOT NULL,
  target TEXT NOT NULL,
  scope_kind TEXT NOT NULL,
  scope_value TEXT NOT NULL,
  min_severity TEXT NOT NULL,
  quiet_from INTEGER,
  quiet_to INTEGER,
  time_zone TEXT NOT NULL,
  language TEXT NOT NULL,
  state TEXT NOT NULL,
  signing_secret TEXT,
  confirm_token_hash TEXT,
  unsubscribe_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  confirmed_at BIGINT,
  ended_at BIGINT
);
CREATE UNIQUE INDEX alert_subscriptions_unsubscribe ON alert_subscriptions (unsubscribe_token);
CREATE UNIQUE INDEX alert_subscriptions_confirm ON alert_subscriptions (confirm_token_hash);
CREATE INDEX alert_subscriptions_state ON alert_subscriptions (state);

-- Incident timeline rows already turned into deliveries: the primary key makes it exactly once.
CREATE TABLE alert_outbox_seen (
  event_id BIGINT PRIMARY KEY,
  seen_at BIGINT NOT NULL
);
-- History before alerts existed is not alerted on.
INSERT INTO alert_outbox_seen (event_id, seen_at) SELECT id, 0 FROM incident_events;

CREATE TABLE alert_threads (
  incident_id BIGINT NOT NULL,
  subscription_id BIGINT NOT NULL,
  state TEXT NOT NULL,
  last_due_at BIGINT NOT NULL,
  PRIMARY KEY (incident_id, subscription_id)
);

CREATE TABLE alert_deliveries (
  id ${id},
  idempotency_key TEXT NOT NULL UNIQUE,
  subscription_id BIGINT NOT NULL,
  incident_id BIGINT NOT NULL,
  channel TEXT NOT NULL,
  transitions TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  due_at BIGINT NOT NULL,
  lease_until BIGINT,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  finished_at BIGINT
);
CREATE INDEX alert_deliveries_due ON alert_deliveries (state, due_at);
CREATE INDEX alert_deliveries_thread ON alert_deliveries (incident_id, subscription_id);
CREATE INDEX alert_deliveries_subscription ON alert_deliveries (subscription_id, id);

CREATE TABLE alert_attempts (
  id ${id},
  delivery_id BIGINT NOT NULL,
  at BIGINT NOT NULL,
  ok SMALLINT NOT NULL,
  status_code INTEGER,
  error TEXT,
  duration_ms INTEGER NOT NULL
);
CREATE INDEX alert_attempts_delivery ON alert_attempts (delivery_id, at);
`;
  },
};
