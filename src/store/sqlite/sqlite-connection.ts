import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import type { Executor, Row } from '../sql/executor.ts';

/** SQLite takes ?NNN for numbered parameters; the shared SQL uses $N. */
const toSqlite = (sql: string): string => sql.replace(/\$(\d+)/g, '?$1');

/**
 * A connection in WAL mode and an Executor over it that prepares each distinct SQL text once.
 * synchronous=FULL (the default) syncs the WAL in every COMMIT, so a committed transaction survives
 * a crash or a power cut; NORMAL leaves that sync to the caller (the report writer syncs the WAL
 * itself, off its thread, before it acknowledges anything: report-writer.worker.ts).
 */
export function sqliteConnection(
  file: string,
  synchronous: 'FULL' | 'NORMAL' = 'FULL',
): { db: DatabaseSync; exec: Executor } {
  const db = new DatabaseSync(file);
  db.exec(
    `PRAGMA journal_mode = WAL; PRAGMA synchronous = ${synchronous}; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON`,
  );
  const cache = new Map<string, StatementSync>();
  const prepare = (sql: string): StatementSync => {
    let s = cache.get(sql);
    if (!s) {
      s = db.prepare(toSqlite(sql));
      cache.set(sql, s);
    }
    return s;
  };
  const exec: Executor = {
    all: async (sql, params = []) => prepare(sql).all(...(params as SQLInputValue[])) as Row[],
    run: async (sql, params = []) => ({
      changes: Number(prepare(sql).run(...(params as SQLInputValue[])).changes),
    }),
  };
  return { db, exec };
}

/**
 * Runs `fn` in a write transaction (BEGIN IMMEDIATE): committed if it resolves, rolled back (when
 * SQLite has not already done so) and rethrown if it fails.
 */
export async function immediateTransaction<T>(db: DatabaseSync, fn: () => Promise<T>): Promise<T> {
  db.exec('BEGIN IMMEDIATE');
  try {
    const out = await fn();
    db.exec('COMMIT');
    return out;
  } catch (e) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw e;
  }
}
