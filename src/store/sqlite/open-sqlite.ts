import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import type { Executor, Row, TxExecutor } from '../sql/executor.ts';
import { sqlStore } from '../sql/sql-store.ts';
import type { Store } from '../store.ts';
import { startCheckpointer } from './checkpointer.ts';

/** SQLite takes ?NNN for numbered parameters; the shared SQL uses $N. */
const toSqlite = (sql: string): string => sql.replace(/\$(\d+)/g, '?$1');

function connection(file: string): { db: DatabaseSync; exec: Executor } {
  const db = new DatabaseSync(file);
  db.exec(
    'PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON',
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
 * Opens (creating if needed) a SQLite file in WAL mode with synchronous=FULL, so a resolved
 * transaction survives a crash. Writes go through one connection, one transaction at a time;
 * reads use a second connection and never see uncommitted rows.
 */
export function openSqlite(file: string): Store {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const w = connection(file);
  const r = file === ':memory:' ? w : connection(file);
  const checkpointer = file === ':memory:' ? undefined : startCheckpointer(file, w.db);
  let queue: Promise<unknown> = Promise.resolve();
  const writer: TxExecutor = {
    ...w.exec,
    transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
      const run = async (): Promise<T> => {
        w.db.exec('BEGIN IMMEDIATE');
        try {
          const out = await fn(w.exec);
          w.db.exec('COMMIT');
          return out;
        } catch (e) {
          if (w.db.isTransaction) w.db.exec('ROLLBACK');
          throw e;
        }
      };
      const next = queue.then(run, run);
      queue = next.catch(() => undefined);
      return next;
    },
  };
  return sqlStore(
    {
      engine: 'sqlite',
      exec: async (_tx, sql) => w.db.exec(sql),
      lockForMigration: async () => undefined,
      close: async () => {
        await queue;
        await checkpointer?.stop();
        if (!w.db.isOpen) return; // closing twice is harmless
        if (r !== w) r.db.close();
        // Fold the WAL into the database file so a stopped store is one file again.
        w.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
        w.db.close();
      },
    },
    writer,
    r.exec,
  );
}
