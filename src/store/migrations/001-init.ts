import type { Migration } from './migration.ts';

/** Reports, dedupe windows, minute and hour counters, daily identity keys. */
export const init: Migration = {
  version: 1,
  name: 'init',
  sql: (engine) => `
CREATE TABLE reports (
  id ${engine === 'postgres' ? 'BIGSERIAL PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT'},
  service TEXT NOT NULL,
  problem TEXT NOT NULL,
  country TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  identity TEXT NOT NULL,
  network TEXT NOT NULL,
  counted SMALLINT NOT NULL,
  source TEXT NOT NULL
);
CREATE INDEX reports_service_time ON reports (service, received_at);
CREATE INDEX reports_time ON reports (received_at);

CREATE TABLE report_windows (
  identity TEXT NOT NULL,
  service TEXT NOT NULL,
  window_start BIGINT NOT NULL,
  PRIMARY KEY (identity, service, window_start)
);
CREATE INDEX report_windows_start ON report_windows (window_start);

CREATE TABLE counts_minute (
  service TEXT NOT NULL,
  minute BIGINT NOT NULL,
  problem TEXT NOT NULL,
  country TEXT NOT NULL,
  reports INTEGER NOT NULL,
  repeats INTEGER NOT NULL,
  PRIMARY KEY (service, minute, problem, country)
);
CREATE INDEX counts_minute_minute ON counts_minute (minute);

CREATE TABLE counts_hour (
  service TEXT NOT NULL,
  hour BIGINT NOT NULL,
  problem TEXT NOT NULL,
  country TEXT NOT NULL,
  reports INTEGER NOT NULL,
  repeats INTEGER NOT NULL,
  PRIMARY KEY (service, hour, problem, country)
);

CREATE TABLE identity_keys (
  day TEXT PRIMARY KEY,
  key TEXT NOT NULL
);
`,
};
