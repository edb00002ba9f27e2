import { type Executor, num } from '../sql/executor.ts';
import { columns, toReport } from '../sql/reports.ts';
import type { StoredReport } from '../store.ts';

/**
 * report_service_ids (migration 007): which reports belong to which service, kept beside the reports
 * instead of in an index of theirs, so a commit of reports touches only the pages the reports land
 * on. Filled by the derivation (derive-counters.ts) with the reports above the watermark; a reader
 * derives first, so it never misses a committed report.
 */

/** Adds the reports with ids in (from, to]; inside the derivation's transaction. */
export async function addServiceIds(tx: Executor, from: number, to: number): Promise<void> {
  await tx.run(
    'INSERT INTO report_service_ids (service, id) SELECT service, id FROM reports WHERE id > $1 AND id <= $2',
    [from, to],
  );
}

/** Forgets the reports that `DELETE FROM reports WHERE received_at < before` is about to delete. */
export async function forgetServiceIds(tx: Executor, before: number): Promise<void> {
  await tx.run(
    'DELETE FROM report_service_ids WHERE (service, id) IN (SELECT service, id FROM reports WHERE received_at < $1)',
    [before],
  );
}

/** A service's newest reports (the store's recentReports with a service), newest first. */
export async function recentReportsOf(
  db: Executor,
  q: { service: string; limit: number; before?: number },
): Promise<StoredReport[]> {
  const params: unknown[] = [q.service];
  let below = '';
  if (q.before !== undefined) {
    params.push(q.before);
    below = ` AND id < $${params.length}`;
  }
  params.push(q.limit);
  const ids = `SELECT id FROM report_service_ids WHERE service = $1${below} ORDER BY id DESC LIMIT $${params.length}`;
  const rows = await db.all(`SELECT ${columns} FROM reports WHERE id IN (${ids}) ORDER BY id DESC`, params);
  return rows.map(toReport);
}

/** How many reports a service has (the store's countReports with a service). */
export async function countReportsOf(
  db: Executor,
  q: { service: string; counted?: boolean },
): Promise<number> {
  const rows =
    q.counted === undefined
      ? await db.all('SELECT COUNT(*) AS n FROM report_service_ids WHERE service = $1', [q.service])
      : await db.all(
          `SELECT COUNT(*) AS n FROM report_service_ids s JOIN reports r ON r.id = s.id
           WHERE s.service = $1 AND r.counted = $2`,
          [q.service, q.counted ? 1 : 0],
        );
  return num(rows[0]?.n);
}
