import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_DATABASE_URL =
  process.env.DOWNWATCH_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type TestDatabase = { url: string; drop: () => Promise<void> };

/**
 * A fresh schema on the test PostgreSQL, or a reason to skip. On CI (CI=true) an unreachable
 * PostgreSQL is a failure, not a skip: the tests that need it must run there.
 */
export async function postgresForTests(): Promise<TestDatabase | { skip: string }> {
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3_000 });
  try {
    await admin.connect();
  } catch (e) {
    const reason = `PostgreSQL not reachable at ${TEST_DATABASE_URL} (${(e as Error).message}); set DOWNWATCH_TEST_DATABASE_URL to run these tests`;
    if (process.env.CI === 'true') throw new Error(`CI requires PostgreSQL: ${reason}`);
    await admin.end().catch(() => undefined);
    return { skip: reason };
  }
  const schema = `dw_test_${randomBytes(6).toString('hex')}`;
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}
