import type { Migration } from './migration.ts';

/**
 * The autonomous system a report came from and whether it is a hosting or datacenter network
 * (offline ASN data at intake, src/intake/asn.ts). Not personal data: an ASN names an operator, like
 * the country. Floods from few operators or from rented servers weigh less (ADR 15). NULL: unknown.
 */
export const reportAsn: Migration = {
  version: 8,
  name: 'report-asn',
  sql: () => `
ALTER TABLE reports ADD COLUMN asn INTEGER;
ALTER TABLE reports ADD COLUMN hosting INTEGER NOT NULL DEFAULT 0;
`,
};
