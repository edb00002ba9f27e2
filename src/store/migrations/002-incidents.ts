import type { Migration } from './migration.ts';

/** Incidents (one per group of related services), their services, and the timeline. */
export const incidents: Migration = {
  version: 2,
  name: 'incidents',
  sql: (engine) => {
    const id = engine === 'postgres' ? 'BIGSERIAL PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT';
    return `
CREATE TABLE incidents (
  id ${id},
  group_key TEXT NOT NULL,
  title TEXT NOT NULL,
  status TEXT NOT NULL,
  impact TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  detected_at BIGINT NOT NULL,
  peak_at BIGINT NOT NULL,
  peak_rate INTEGER NOT NULL,
  resolved_at BIGINT,
  updated_at BIGINT NOT NULL
);
-- At most one open incident per group: the race guard for "open".
CREATE UNIQUE INDEX incidents_one_open ON incidents (group_key) WHERE resolved_at IS NULL;
CREATE INDEX incidents_started ON incidents (started_at);

CREATE TABLE incident_services (
  incident_id BIGINT NOT NULL,
  service TEXT NOT NULL,
  status TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  detected_at BIGINT NOT NULL,
  recovered_at BIGINT,
  peak_at BIGINT NOT NULL,
  peak_rate INTEGER NOT NULL,
  PRIMARY KEY (incident_id, service)
);
CREATE INDEX incident_services_service ON incident_services (service, started_at);

CREATE TABLE incident_events (
  id ${id},
  incident_id BIGINT NOT NULL,
  at BIGINT NOT NULL,
  kind TEXT NOT NULL,
  service TEXT,
  message TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX incident_events_incident ON incident_events (incident_id, at);
`;
  },
};
