import { floorTo, HOUR, MINUTE, WINDOW } from '../../shared/time.ts';
import type { AppendResult, NewReport } from '../store.ts';
import { type Executor, num } from './executor.ts';

const claimWindow = `INSERT INTO report_windows (identity, service, window_start) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`;
const insertReport = `INSERT INTO reports (service, problem, country, received_at, identity, network, counted, source)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`;
const bump = (table: 'counts_minute' | 'counts_hour', col: 'minute' | 'hour') =>
  `INSERT INTO ${table} (service, ${col}, problem, country, reports, repeats) VALUES ($1, $2, $3, $4, $5, $6)
   ON CONFLICT (service, ${col}, problem, country)
   DO UPDATE SET reports = ${table}.reports + excluded.reports, repeats = ${table}.repeats + excluded.repeats`;
const bumpMinute = bump('counts_minute', 'minute');
const bumpHour = bump('counts_hour', 'hour');

type Tally = {
  service: string;
  t: number;
  problem: string;
  country: string;
  reports: number;
  repeats: number;
};

function tally(into: Map<string, Tally>, r: NewReport, t: number, counted: boolean): void {
  const key = `${r.service}\u0000${t}\u0000${r.problem}\u0000${r.country}`;
  let e = into.get(key);
  if (!e) {
    e = { service: r.service, t, problem: r.problem, country: r.country, reports: 0, repeats: 0 };
    into.set(key, e);
  }
  if (counted) e.reports += 1;
  else e.repeats += 1;
}

/**
 * Appends a batch inside the caller's transaction. Dedupe is the primary key of report_windows,
 * so it holds across nodes; counters are summed per batch and upserted once per key.
 */
export async function appendReports(tx: Executor, batch: NewReport[]): Promise<AppendResult[]> {
  const results: AppendResult[] = [];
  const minutes = new Map<string, Tally>();
  const hours = new Map<string, Tally>();
  for (const r of batch) {
    const claim = await tx.run(claimWindow, [r.identity, r.service, floorTo(r.receivedAt, WINDOW)]);
    const counted = claim.changes === 1;
    const rows = await tx.all(insertReport, [
      r.service,
      r.problem,
      r.country,
      r.receivedAt,
      r.identity,
      r.network,
      counted ? 1 : 0,
      r.source,
    ]);
    results.push({ id: num(rows[0]?.id), counted });
    tally(minutes, r, floorTo(r.receivedAt, MINUTE), counted);
    tally(hours, r, floorTo(r.receivedAt, HOUR), counted);
  }
  for (const m of minutes.values())
    await tx.run(bumpMinute, [m.service, m.t, m.problem, m.country, m.reports, m.repeats]);
  for (const h of hours.values())
    await tx.run(bumpHour, [h.service, h.t, h.problem, h.country, h.reports, h.repeats]);
  return results;
}
