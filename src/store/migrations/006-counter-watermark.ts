import type { Migration } from './migration.ts';

/**
 * The last report whose counts are in counts_minute and counts_hour. On SQLite the counters are
 * derived from the committed reports above this mark, about once a second and before every read of
 * them (derive-counters.ts), instead of being upserted with each batch. Starts at the last report:
 * until now every batch upserted its own counters.
 */
export const counterWatermark: Migration = {
  version: 6,
  name: 'counter-watermark',
  sql: () => `
CREATE TABLE counter_watermark (
  singleton SMALLINT PRIMARY KEY CHECK (singleton = 1),
  report_id BIGINT NOT NULL
);
INSERT INTO counter_watermark (singleton, report_id) SELECT 1, COALESCE(MAX(id), 0) FROM reports;
`,
};
