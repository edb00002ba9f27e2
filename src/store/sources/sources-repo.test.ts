import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgres } from '../postgres/open-postgres.ts';
import { openSqlite } from '../sqlite/open-sqlite.ts';
import { postgresForTests } from '../testing/postgres-for-tests.ts';
import { sourcesRepoContract } from './sources-repo.contract.ts';

sourcesRepoContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dw-sources-'));
  const store = openSqlite(join(dir, 'test.sqlite'));
  await store.migrate();
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

sourcesRepoContract('postgres', async () => {
  const db = await postgresForTests();
  if ('skip' in db) return db;
  const store = openPostgres(db.url);
  await store.migrate();
  return {
    store,
    cleanup: async () => {
      await store.close();
      await db.drop();
    },
  };
});
