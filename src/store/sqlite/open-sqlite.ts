import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TxExecutor } from '../sql/executor.ts';
import { prune } from '../sql/maintenance.ts';
import type { OpenedStore } from '../sql/sql-access.ts';
import { sqlStore } from '../sql/sql-store.ts';
import { startCheckpointer } from './checkpointer.ts';
import { deriveCounters } from './derive-counters.ts';
import { ReportWriter } from './report-writer.ts';
import { countReportsOf, forgetServiceIds, recentReportsOf } from './service-ids.ts';
import { immediateTransaction, sqliteConnection } from './sqlite-connection.ts';

/**
 * Opens (creating if needed) a SQLite file in WAL mode with synchronous=FULL, so a resolved
 * transaction survives a crash. Reports are appended by a worker thread (report-writer.ts) that
 * syncs its own commits and derives the counters from them; every other write goes through one
 * connection here, one transaction at a time; reads use a second connection and never see
 * uncommitted rows.
 */
export function openSqlite(file: string): OpenedStore {
  mkdirSync(dirname(file), { recursive: true });
  const w = sqliteConnection(file);
  const r = sqliteConnection(file);
  const reports = new ReportWriter(file);
  const checkpointer = startCheckpointer(file, w.db);
  let queue: Promise<unknown> = Promise.resolve();
  const writer: TxExecutor = {
    ...w.exec,
    transaction<T>(fn: (tx: typeof w.exec) => Promise<T>): Promise<T> {
      const run = (): Promise<T> => immediateTransaction(w.db, () => fn(w.exec));
      const next = queue.then(run, run);
      queue = next.catch(() => undefined);
      return next;
    },
  };
  const store = sqlStore(
    {
      engine: 'sqlite',
      exec: async (_tx, sql) => w.db.exec(sql),
      lockForMigration: async () => undefined,
      close: async () => {
        await reports.close();
        await queue;
        await checkpointer.stop();
        if (!w.db.isOpen) return; // closing twice is harmless
        r.db.close();
        // Fold the WAL into the database file so a stopped store is one file again.
        w.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
        w.db.close();
      },
    },
    writer,
    r.exec,
  );
  /** Reads of what is derived from the reports first wait until it includes every report appended so far. */
  const derived =
    <Q, R>(read: (q: Q) => Promise<R>) =>
    (q: Q): Promise<R> =>
      reports.countersBehind ? reports.deriveCounters().then(() => read(q)) : read(q);
  const recentOf = derived((q: Parameters<typeof recentReportsOf>[1]) => recentReportsOf(r.exec, q));
  const countOf = derived((q: Parameters<typeof countReportsOf>[1]) => countReportsOf(r.exec, q));
  const sqlite: typeof store = {
    ...store,
    // After a crash, the reports committed after the last derivation are counted before anything reads.
    migrate: async () => {
      const applied = await store.migrate();
      await writer.transaction((tx) => deriveCounters(tx));
      return applied;
    },
    appendReports: (batch) => reports.append(batch),
    // Counted before they go: a report past retention still belongs in the hourly roll-ups.
    prune: (c) =>
      writer.transaction(async (tx) => {
        await deriveCounters(tx);
        await forgetServiceIds(tx, c.reportsBefore);
        return prune(tx, c);
      }),
    series: derived(store.series),
    seriesAll: derived(store.seriesAll),
    totals: derived(store.totals),
    breakdown: derived(store.breakdown),
    // A service's reports are found through report_service_ids, which the derivation fills.
    recentReports: (q) => (q.service ? recentOf({ ...q, service: q.service }) : store.recentReports(q)),
    countReports: (q) => (q.service ? countOf({ ...q, service: q.service }) : store.countReports(q)),
  };
  // Repositories write through the same queued writer, so their transactions never overlap others.
  return { store: sqlite, sql: { engine: 'sqlite', writer, reader: r.exec } };
}
