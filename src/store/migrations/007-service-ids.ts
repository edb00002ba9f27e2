import type { Migration } from './migration.ts';

/**
 * Finding a service's reports without an index on reports that every commit must update.
 *
 * SQLite: reports_service_time put each batch's reports at one place per service in its B-tree, so
 * a commit of 20 reports dirtied about eight more pages than the reports themselves, and the WAL,
 * its sync and its checkpoints grew with them (ADR 12). It goes; report_service_ids holds (service,
 * id) instead and is filled with the counters, from the reports above the watermark, about once a
 * second and before every read of it (derive-counters.ts). It starts with the reports already
 * counted; the rest are added by the next derivation.
 *
 * PostgreSQL: the index becomes (service, id), which serves "a service's newest reports" directly.
 */
export const serviceIds: Migration = {
  version: 7,
  name: 'service-ids',
  sql: (engine) =>
    engine === 'sqlite'
      ? `
CREATE TABLE report_service_ids (
  service TEXT NOT NULL,
  id INTEGER NOT NULL,
  PRIMARY KEY (service, id)
) WITHOUT ROWID;
INSERT INTO report_service_ids (service, id)
SELECT service, id FROM reports WHERE id <= (SELECT report_id FROM counter_watermark WHERE singleton = 1);
DROP INDEX reports_service_time;
`
      : `
CREATE INDEX reports_service_id ON reports (service, id);
DROP INDEX reports_service_time;
`,
};
