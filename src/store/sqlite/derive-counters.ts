import { HOUR, MINUTE } from '../../shared/time.ts';
import { type Executor, num } from '../sql/executor.ts';
import { addServiceIds } from './service-ids.ts';

const derive = (table: 'counts_minute' | 'counts_hour', col: 'minute' | 'hour', step: number): string => `
INSERT INTO ${table} (service, ${col}, problem, country, reports, repeats)
SELECT service, received_at - received_at % ${step}, problem, country, SUM(counted), SUM(1 - counted)
FROM reports WHERE id > $1 AND id <= $2
GROUP BY 1, 2, 3, 4
ON CONFLICT (service, ${col}, problem, country)
DO UPDATE SET reports = ${table}.reports + excluded.reports, repeats = ${table}.repeats + excluded.repeats`;

const MINUTES = derive('counts_minute', 'minute', MINUTE);
const HOURS = derive('counts_hour', 'hour', HOUR);

/**
 * Adds the reports committed since the counter watermark to counts_minute, counts_hour and
 * report_service_ids (service-ids.ts), and moves the watermark to the last of them. Runs inside a
 * write transaction of the caller's.
 *
 * Why this is exact on SQLite: write transactions are serial and ids are handed out inside them, so
 * every report at or below the largest committed id is already committed (no gap can fill in later),
 * and the watermark is read and moved in the same write transaction as the counters, so two
 * processes deriving at once (a `downwatch import` beside `serve`) are serialised and never add a
 * report twice. After a crash, the next derivation adds what the last one had not reached.
 * PostgreSQL hands out ids outside commit order across sessions, so it keeps upserting per batch.
 */
export async function deriveCounters(tx: Executor): Promise<void> {
  const [mark] = await tx.all('SELECT report_id FROM counter_watermark WHERE singleton = 1');
  if (!mark) throw new Error('counter_watermark has no row: the store was not migrated');
  const [last] = await tx.all('SELECT MAX(id) AS id FROM reports');
  const from = num(mark.report_id);
  const to = last?.id == null ? from : num(last.id);
  if (to <= from) return;
  await tx.run(MINUTES, [from, to]);
  await tx.run(HOURS, [from, to]);
  await addServiceIds(tx, from, to);
  await tx.run('UPDATE counter_watermark SET report_id = $1 WHERE singleton = 1', [to]);
}
