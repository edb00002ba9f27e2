import type { StoredReport } from '../store.ts';
import { type Executor, num, type Row } from './executor.ts';

export const columns = 'id, service, problem, country, received_at, counted, source';

export const toReport = (r: Row): StoredReport => ({
  id: num(r.id),
  service: String(r.service),
  problem: String(r.problem),
  country: String(r.country),
  receivedAt: num(r.received_at),
  counted: num(r.counted) === 1,
  source: r.source === 'import' ? 'import' : 'web',
});

/** Newest first; identity and network hashes are never returned. */
export async function recentReports(
  db: Executor,
  q: { service?: string; limit: number; before?: number },
): Promise<StoredReport[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.service) {
    params.push(q.service);
    where.push(`service = $${params.length}`);
  }
  if (q.before !== undefined) {
    params.push(q.before);
    where.push(`id < $${params.length}`);
  }
  params.push(q.limit);
  const sql = `SELECT ${columns} FROM reports ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${params.length}`;
  return (await db.all(sql, params)).map(toReport);
}

export async function countReports(
  db: Executor,
  q: { service?: string; counted?: boolean },
): Promise<number> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.service) {
    params.push(q.service);
    where.push(`service = $${params.length}`);
  }
  if (q.counted !== undefined) {
    params.push(q.counted ? 1 : 0);
    where.push(`counted = $${params.length}`);
  }
  const rows = await db.all(
    `SELECT COUNT(*) AS n FROM reports ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
    params,
  );
  return num(rows[0]?.n);
}

export async function reportsById(db: Executor, ids: number[]): Promise<StoredReport[]> {
  const out: StoredReport[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const marks = chunk.map((_, j) => `$${j + 1}`).join(', ');
    out.push(...(await db.all(`SELECT ${columns} FROM reports WHERE id IN (${marks})`, chunk)).map(toReport));
  }
  return out;
}
