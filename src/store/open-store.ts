import { join } from 'node:path';
import { openPostgres } from './postgres/open-postgres.ts';
import { openSqlite } from './sqlite/open-sqlite.ts';
import type { Store } from './store.ts';

/** PostgreSQL when a postgres:// URL is given, else the SQLite file in the data directory. */
export function openStore(opts: { databaseUrl?: string | undefined; dataDir: string }): Store {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
  return openSqlite(join(opts.dataDir, 'downwatch.sqlite'));
}
