import { migrations } from '../migrations/index.ts';
import type { Store } from '../store.ts';
import { minuteActivity, reportOrigins } from './activity.ts';
import { appendReports, tableClaims } from './append-reports.ts';
import { type Executor, num, type TxExecutor } from './executor.ts';
import { identityKey, prune } from './maintenance.ts';
import { countReports, recentReports, reportsById } from './reports.ts';
import { series, seriesAll } from './series.ts';
import { breakdown, totals } from './totals.ts';

/** What differs between engines beyond the executor. */
export type Driver = {
  engine: 'sqlite' | 'postgres';
  /** Executes DDL text with several statements. */
  exec(tx: Executor, sql: string): Promise<void>;
  /** Takes a lock that serialises migrations across processes, inside the transaction. */
  lockForMigration(tx: Executor): Promise<void>;
  close(): Promise<void>;
};

/**
 * The Store on top of any SQL executor: every query is shared, so both engines run the same SQL.
 * `writer` takes transactions; `reader` serves queries (may be the same executor).
 */
export function sqlStore(driver: Driver, writer: TxExecutor, reader: Executor = writer): Store {
  return {
    engine: driver.engine,
    async migrate() {
      return writer.transaction(async (tx) => {
        await driver.lockForMigration(tx);
        await tx.run(
          'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
        );
        const done = new Set(
          (await tx.all('SELECT version FROM schema_migrations')).map((r) => num(r.version)),
        );
        let applied = 0;
        for (const m of migrations) {
          if (done.has(m.version)) continue;
          await driver.exec(tx, m.sql(driver.engine));
          await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
            m.version,
            m.name,
            Date.now(),
          ]);
          applied += 1;
        }
        return applied;
      });
    },
    appendReports: (batch) => writer.transaction((tx) => appendReports(tx, batch, tableClaims)),
    identityKey: (day, candidate) => writer.transaction((tx) => identityKey(tx, day, candidate)),
    series: (q) => series(reader, q),
    seriesAll: (q) => seriesAll(reader, q),
    totals: (q) => totals(reader, q),
    breakdown: (q) => breakdown(reader, q),
    recentReports: (q) => recentReports(reader, q),
    countReports: (q) => countReports(reader, q),
    reportsById: (ids) => reportsById(reader, ids),
    prune: (c) => writer.transaction((tx) => prune(tx, c)),
    minuteActivity: (from, to) => minuteActivity(reader, from, to),
    reportOrigins: (from, to) => reportOrigins(reader, from, to),
    async ping() {
      await reader.all('SELECT 1 AS ok');
    },
    close: () => driver.close(),
  };
}
