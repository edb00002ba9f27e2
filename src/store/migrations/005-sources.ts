import type { Migration } from './migration.ts';

/**
 * Outside sources: items already counted (the dedupe that makes reconnects and replays idempotent),
 * per-minute counts of posts and routing events, stream cursors, the last known state of each
 * official status page, and outside events waiting for (or attached to) an incident.
 */
export const sources: Migration = {
  version: 5,
  name: 'sources',
  sql: (engine) => {
    const id = engine === 'postgres' ? 'BIGSERIAL PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT';
    return `
CREATE TABLE source_seen (
  source TEXT NOT NULL,
  item TEXT NOT NULL,
  at BIGINT NOT NULL,
  PRIMARY KEY (source, item)
);
CREATE INDEX source_seen_at ON source_seen (at);

CREATE TABLE source_minutes (
  service TEXT NOT NULL,
  kind TEXT NOT NULL,
  minute BIGINT NOT NULL,
  dim TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (service, kind, minute, dim)
);
CREATE INDEX source_minutes_minute ON source_minutes (minute);

CREATE TABLE source_cursors (
  source TEXT PRIMARY KEY,
  cursor TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE official_status (
  source TEXT PRIMARY KEY,
  provider TEXT NOT NULL,
  kind TEXT NOT NULL,
  url TEXT NOT NULL,
  etag TEXT,
  last_modified TEXT,
  checked_at BIGINT NOT NULL,
  ok_at BIGINT,
  failures INTEGER NOT NULL,
  stale INTEGER NOT NULL,
  error TEXT,
  state TEXT NOT NULL
);

CREATE TABLE source_events (
  id ${id},
  dedupe_key TEXT NOT NULL UNIQUE,
  at BIGINT NOT NULL,
  kind TEXT NOT NULL,
  provider TEXT NOT NULL,
  services TEXT NOT NULL,
  message TEXT NOT NULL,
  ack INTEGER NOT NULL,
  data TEXT NOT NULL,
  incident_id BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX source_events_at ON source_events (at);
CREATE INDEX source_events_incident ON source_events (incident_id);
`;
  },
};
