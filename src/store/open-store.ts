import { join } from 'node:path';
import { openPostgres } from './postgres/open-postgres.ts';
import type { OpenedStore } from './sql/sql-access.ts';
import { openSqlite } from './sqlite/open-sqlite.ts';

/**
 * PostgreSQL when a postgres:// URL is given, else the SQLite file in the data directory. The executors
 * (`sql`) are for the composition root, which builds the domain repositories on them.
 */
export function openStore(opts: { databaseUrl?: string | undefined; dataDir: string }): OpenedStore {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
  return openSqlite(join(opts.dataDir, 'downwatch.sqlite'));
}
