import pg from 'pg';
import type { Executor, Row, TxExecutor } from '../sql/executor.ts';
import type { OpenedStore } from '../sql/sql-access.ts';
import { sqlStore } from '../sql/sql-store.ts';

// BIGINT columns hold epoch milliseconds and counters: safe as JS numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

const MIGRATION_LOCK = 7_220_001;

function executor(q: pg.Pool | pg.PoolClient): Executor {
  return {
    all: async (sql, params = []) => (await q.query(sql, params)).rows as Row[],
    run: async (sql, params = []) => ({ changes: (await q.query(sql, params)).rowCount ?? 0 }),
  };
}

/** Opens a pool on DATABASE_URL. Transactions take a client of their own. */
export function openPostgres(url: string, poolSize = 10): OpenedStore {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5_000 });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const reader = executor(pool);
  const writer: TxExecutor = {
    ...reader,
    async transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const out = await fn(executor(client));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw e;
      } finally {
        client.release(broken);
      }
    },
  };
  const store = sqlStore(
    {
      engine: 'postgres',
      exec: async (tx, sql) => void (await tx.run(sql)),
      lockForMigration: async (tx) =>
        void (await tx.all('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])),
      close: () => pool.end(),
    },
    writer,
    reader,
  );
  return { store, sql: { engine: 'postgres', writer, reader } };
}
