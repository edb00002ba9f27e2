import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgres } from '../postgres/open-postgres.ts';
import type { SqlAccess } from '../sql/sql-access.ts';
import { openSqlite } from '../sqlite/open-sqlite.ts';
import type { Store } from '../store.ts';
import { postgresForTests } from './postgres-for-tests.ts';

/**
 * A fresh, migrated store, the executors its repositories are built on (tests build their own
 * repositories, as the composition root does), and how to close and remove it.
 */
export type TestStore = { store: Store; sql: SqlAccess; cleanup: () => Promise<void> };

/** How a contract run gets a fresh, migrated store — or why it is skipped. */
export type StoreFactory = () => Promise<TestStore | { skip: string }>;

/** A fresh, migrated SQLite file in a temporary directory, and how to close and remove it. */
export async function tempSqlite(): Promise<TestStore> {
  const dir = mkdtempSync(join(tmpdir(), 'dw-store-'));
  const { store, sql } = openSqlite(join(dir, 'test.sqlite'));
  await store.migrate();
  return {
    store,
    sql,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh SQLite file in a temporary directory. */
export const sqliteStore: StoreFactory = tempSqlite;

/** A fresh schema on the test PostgreSQL (skipped off CI when there is none; see postgres-for-tests). */
export const postgresStore: StoreFactory = async () => {
  const db = await postgresForTests();
  if ('skip' in db) return db;
  const { store, sql } = openPostgres(db.url);
  await store.migrate();
  return {
    store,
    sql,
    cleanup: async () => {
      await store.close();
      await db.drop();
    },
  };
};

/** Both engines, for running one contract suite against each. */
export const ENGINES: [name: 'sqlite' | 'postgres', factory: StoreFactory][] = [
  ['sqlite', sqliteStore],
  ['postgres', postgresStore],
];
