import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import { REPORT_COLUMNS, type ReportInsert } from '../sql/append-reports.ts';

/**
 * Report rows inserted one prepared single-row statement at a time, ids from lastInsertRowid. In
 * process, SQLite has no round trip to save, and a multi-row VALUES list of a batch costs more to
 * bind and run than as many single-row inserts (bench/intake, ADR 12: 16 µs → 12 µs per report).
 */
export function insertEach(db: DatabaseSync): ReportInsert {
  let insert: StatementSync | undefined;
  return async (_tx, rows) => {
    insert ??= db.prepare(`INSERT INTO reports (${REPORT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const stmt = insert;
    return rows.map((row) => Number(stmt.run(...(row as SQLInputValue[])).lastInsertRowid));
  };
}
