import type { Breakdown, ServiceTotals, TotalsQuery } from '../store.ts';
import { type Executor, num } from './executor.ts';

/** Counted reports and repeats per service in [from, to), from minute counters. */
export async function totals(db: Executor, q: TotalsQuery): Promise<ServiceTotals[]> {
  const params: unknown[] = [q.from, q.to];
  const where = q.service ? ' AND service = $3' : '';
  if (q.service) params.push(q.service);
  const rows = await db.all(
    `SELECT service, SUM(reports) AS reports, SUM(repeats) AS repeats FROM counts_minute
     WHERE minute >= $1 AND minute < $2${where} GROUP BY service ORDER BY service`,
    params,
  );
  return rows.map((r) => ({ service: String(r.service), reports: num(r.reports), repeats: num(r.repeats) }));
}

/** Counted reports in [from, to) by problem or country, per service, largest first. */
export async function breakdown(
  db: Executor,
  q: TotalsQuery & { by: 'problem' | 'country' },
): Promise<Breakdown[]> {
  const col = q.by === 'problem' ? 'problem' : 'country';
  const params: unknown[] = [q.from, q.to];
  const where = q.service ? ' AND service = $3' : '';
  if (q.service) params.push(q.service);
  const rows = await db.all(
    `SELECT service, ${col} AS k, SUM(reports) AS reports FROM counts_minute
     WHERE minute >= $1 AND minute < $2${where} GROUP BY service, ${col} HAVING SUM(reports) > 0 ORDER BY 1, 3 DESC, 2`,
    params,
  );
  return rows.map((r) => ({ service: String(r.service), key: String(r.k), reports: num(r.reports) }));
}
