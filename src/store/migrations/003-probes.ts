import type { Migration } from './migration.ts';

/** Probe agents (hashed tokens), probe results (idempotent by vantage and id), per-minute probe signals. */
export const probes: Migration = {
  version: 3,
  name: 'probes',
  sql: (engine) => `
CREATE TABLE probe_agents (
  id ${engine === 'postgres' ? 'BIGSERIAL PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT'},
  name TEXT NOT NULL UNIQUE,
  key_id TEXT NOT NULL UNIQUE,
  token_hash TEXT NOT NULL,
  country TEXT,
  network TEXT,
  reported TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT,
  last_seen_at BIGINT
);

CREATE TABLE probe_results (
  vantage TEXT NOT NULL,
  id TEXT NOT NULL,
  check_id TEXT NOT NULL,
  service TEXT NOT NULL,
  kind TEXT NOT NULL,
  at BIGINT NOT NULL,
  ok SMALLINT NOT NULL,
  layer TEXT,
  code TEXT,
  message TEXT,
  attempts INTEGER NOT NULL,
  ms DOUBLE PRECISION NOT NULL,
  detail TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  PRIMARY KEY (vantage, id)
);
CREATE INDEX probe_results_at ON probe_results (at);
CREATE INDEX probe_results_service_at ON probe_results (service, at);

-- Per-minute probe signals: results per (service, vantage, kind, outcome); outcome is "ok" or "layer:code".
CREATE TABLE probe_minutes (
  minute BIGINT NOT NULL,
  service TEXT NOT NULL,
  vantage TEXT NOT NULL,
  kind TEXT NOT NULL,
  outcome TEXT NOT NULL,
  results INTEGER NOT NULL,
  PRIMARY KEY (minute, service, vantage, kind, outcome)
);
`,
};
