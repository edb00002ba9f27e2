import { floorTo, HOUR, MINUTE, WINDOW } from '../../shared/time.ts';
import type { AppendResult, NewReport } from '../store.ts';
import { type Executor, num } from './executor.ts';

/** Rows per multi-row statement: few statement shapes to cache, far below either engine's parameter limit. */
const CHUNK = 64;

/** The column list of a report row, in the order `ReportInsert` rows carry their values. */
export const REPORT_COLUMNS =
  'service, problem, country, received_at, identity, network, counted, source, asn, hosting';

/** "($1, $2, $3), ($4, $5, $6)" for `rows` rows of `cols` parameters. */
function valuesList(rows: number, cols: number): string {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    const ps: string[] = [];
    for (let c = 1; c <= cols; c++) ps.push(`$${r * cols + c}`);
    out.push(`(${ps.join(', ')})`);
  }
  return out.join(', ');
}

/** Runs `fn` over `items` in chunks of CHUNK, each with its multi-row SQL (memoised per size). */
async function inChunks<T>(
  items: T[],
  sqlFor: (rows: number) => string,
  fn: (sql: string, chunk: T[]) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < items.length; i += CHUNK) {
    const chunk = items.slice(i, i + CHUNK);
    await fn(sqlFor(chunk.length), chunk);
  }
}

const memo = (make: (rows: number) => string): ((rows: number) => string) => {
  const cache = new Map<number, string>();
  return (rows) => {
    let s = cache.get(rows);
    if (s === undefined) {
      s = make(rows);
      cache.set(rows, s);
    }
    return s;
  };
};

const claimSql = memo(
  (n) =>
    `INSERT INTO report_windows (identity, service, window_start) VALUES ${valuesList(n, 3)}
     ON CONFLICT DO NOTHING RETURNING identity, service, window_start`,
);
const insertSql = memo(
  (n) => `INSERT INTO reports (${REPORT_COLUMNS}) VALUES ${valuesList(n, 10)} RETURNING id`,
);
const insertSqlFor = (columns: string) =>
  memo(
    (n) => `INSERT INTO reports (${columns}) VALUES ${valuesList(n, columns.split(',').length)} RETURNING id`,
  );
const bumpSql = (table: 'counts_minute' | 'counts_hour', col: 'minute' | 'hour') =>
  memo(
    (
      n,
    ) => `INSERT INTO ${table} (service, ${col}, problem, country, reports, repeats) VALUES ${valuesList(n, 6)}
   ON CONFLICT (service, ${col}, problem, country)
   DO UPDATE SET reports = ${table}.reports + excluded.reports, repeats = ${table}.repeats + excluded.repeats`,
  );
const bumpMinuteSql = bumpSql('counts_minute', 'minute');
const bumpHourSql = bumpSql('counts_hour', 'hour');

/**
 * Decides, for each report of a batch in order, whether it counts: whether it is the first of its
 * identity for its service in its 15-minute window. Runs inside the append transaction.
 */
export type Claims = (tx: Executor, batch: NewReport[]) => Promise<boolean[]>;

/** The dedupe key of a report: identity, service, window. */
export const claimKey = (identity: string, service: string, windowStart: number): string =>
  `${identity}\u0000${service}\u0000${windowStart}`;

/**
 * Claims in the database: the primary key of report_windows, so they hold across every node that
 * writes to the same database. Keys are inserted in sorted order, so concurrent batches lock rows
 * in the same order and cannot deadlock.
 */
export const tableClaims: Claims = async (tx, batch) => {
  const wanted = new Map<string, [string, string, number]>();
  const keys = batch.map((r) => {
    const w = floorTo(r.receivedAt, WINDOW);
    const k = claimKey(r.identity, r.service, w);
    wanted.set(k, [r.identity, r.service, w]);
    return k;
  });
  const sorted = [...wanted.keys()].sort().map((k) => wanted.get(k) as [string, string, number]);
  const won = new Set<string>();
  await inChunks(sorted, claimSql, async (sql, chunk) => {
    for (const row of await tx.all(sql, chunk.flat()))
      won.add(claimKey(String(row.identity), String(row.service), num(row.window_start)));
  });
  // A key claimed by this batch counts once: for its first report.
  return keys.map((k) => won.delete(k));
};

type Tally = { key: string; params: unknown[] };

/** Sums counted reports and repeats per (service, bucket, problem, country), in key order. */
function tallies(batch: NewReport[], counted: boolean[], step: number): Tally[] {
  const by = new Map<
    string,
    { service: string; t: number; problem: string; country: string; reports: number; repeats: number }
  >();
  batch.forEach((r, i) => {
    const t = floorTo(r.receivedAt, step);
    const key = `${r.service}\u0000${t}\u0000${r.problem}\u0000${r.country}`;
    let e = by.get(key);
    if (!e) {
      e = { service: r.service, t, problem: r.problem, country: r.country, reports: 0, repeats: 0 };
      by.set(key, e);
    }
    if (counted[i]) e.reports += 1;
    else e.repeats += 1;
  });
  return [...by.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, e]) => ({ key, params: [e.service, e.t, e.problem, e.country, e.reports, e.repeats] }));
}

/**
 * What happens to the counters of an appended batch, inside its transaction: upserted with the
 * batch (`upsertCounters`, the default), or left for later (the SQLite report writer derives them
 * from the committed reports about once a second: derive-counters.ts).
 */
export type CounterSink = (tx: Executor, batch: NewReport[], counted: boolean[]) => Promise<void>;

/** Sums the batch per (service, bucket, problem, country) and upserts the minute and hour counters. */
export const upsertCounters: CounterSink = async (tx, batch, counted) => {
  for (const [sql, step] of [
    [bumpMinuteSql, MINUTE],
    [bumpHourSql, HOUR],
  ] as const) {
    await inChunks(tallies(batch, counted, step), sql, async (s, chunk) => {
      await tx.run(
        s,
        chunk.flatMap((t) => t.params),
      );
    });
  }
};

/** Counters left to be derived later from the reports (deriveCounters). */
export const deferCounters: CounterSink = async () => {};

/**
 * Appends a batch inside the caller's transaction: `claims` decides which reports count, `insert`
 * writes the rows (multi-row inserts by default), and `counters` takes care of the minute and hour
 * counters.
 */
export async function appendReports(
  tx: Executor,
  batch: NewReport[],
  claims: Claims,
  counters: CounterSink = upsertCounters,
  insert: ReportInsert = insertInChunks,
): Promise<AppendResult[]> {
  const counted = await claims(tx, batch);
  const ids = await insert(
    tx,
    batch.map((r, i) => [
      r.service,
      r.problem,
      r.country,
      r.receivedAt,
      r.identity,
      r.network,
      counted[i] ? 1 : 0,
      r.source,
      r.asn ?? null,
      r.hosting ? 1 : 0,
    ]),
  );
  await counters(tx, batch, counted);
  return batch.map((_, i) => ({ id: ids[i] as number, counted: counted[i] === true }));
}

/**
 * Inserts report rows (values in REPORT_COLUMNS order) inside the caller's transaction and returns
 * their ids in the same order.
 */
export type ReportInsert = (tx: Executor, rows: unknown[][]) => Promise<number[]>;

/**
 * Multi-row INSERT … RETURNING id, in chunks: one round trip per 64 reports on a network database.
 * `columns` other than REPORT_COLUMNS: for tests that write as an older schema did.
 */
export const insertInChunks = async (
  tx: Executor,
  rows: unknown[][],
  columns: string = REPORT_COLUMNS,
): Promise<number[]> => {
  const ids: number[] = [];
  await inChunks(rows, columns === REPORT_COLUMNS ? insertSql : insertSqlFor(columns), async (sql, chunk) => {
    // RETURNING promises no order; ids grow in insertion order within one statement, so sort them.
    const got = (await tx.all(sql, chunk.flat())).map((row) => num(row.id)).sort((a, b) => a - b);
    ids.push(...got);
  });
  return ids;
};
