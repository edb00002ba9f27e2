import type { SeriesPoint, SeriesQuery } from '../store.ts';
import { type Executor, num } from './executor.ts';

const keyColumn = { none: `''`, problem: 'problem', country: 'country' } as const;

/** Sparse buckets (only non-empty ones), ordered by time; the 1h resolution reads the hourly roll-up. */
export async function series(db: Executor, q: SeriesQuery): Promise<SeriesPoint[]> {
  const key = keyColumn[q.by];
  const [table, col] = q.resolution === '1h' ? ['counts_hour', 'hour'] : ['counts_minute', 'minute'];
  const bucket = q.resolution === '15m' ? `(${col} - (${col} % 900000))` : col;
  const rows = await db.all(
    `SELECT ${bucket} AS t, ${key} AS k, SUM(reports) AS reports, SUM(repeats) AS repeats
     FROM ${table} WHERE service = $1 AND ${col} >= $2 AND ${col} < $3
     GROUP BY 1, 2 ORDER BY 1, 2`,
    [q.service, q.from, q.to],
  );
  return rows.map((r) => ({
    t: num(r.t),
    key: String(r.k),
    reports: num(r.reports),
    repeats: num(r.repeats),
  }));
}

/** Every service's counted reports in 15-minute buckets (sparse), for the status snapshot. */
export async function seriesAll(
  db: Executor,
  q: { from: number; to: number },
): Promise<(SeriesPoint & { service: string })[]> {
  const rows = await db.all(
    `SELECT service, (minute - (minute % 900000)) AS t, SUM(reports) AS reports, SUM(repeats) AS repeats
     FROM counts_minute WHERE minute >= $1 AND minute < $2 GROUP BY 1, 2 ORDER BY 1, 2`,
    [q.from, q.to],
  );
  return rows.map((r) => ({
    service: String(r.service),
    t: num(r.t),
    key: '',
    reports: num(r.reports),
    repeats: num(r.repeats),
  }));
}
