import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { HOUR, MINUTE } from '../../shared/time.ts';
import { migrations } from '../migrations/index.ts';
import { appendReports, deferCounters, insertInChunks, type ReportInsert } from '../sql/append-reports.ts';
import type { Executor } from '../sql/executor.ts';
import type { NewReport, Store } from '../store.ts';
import { deriveCounters } from './derive-counters.ts';
import { openSqlite } from './open-sqlite.ts';
import { immediateTransaction, sqliteConnection } from './sqlite-connection.ts';
import { WindowClaims } from './window-claims.ts';

const dir = mkdtempSync(join(tmpdir(), 'dw-derive-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const T = Date.UTC(2024, 2, 5, 15, 3);
const report = (identity: string, at: number, service = 'facebook', problem = 'login'): NewReport => ({
  service,
  problem,
  country: 'US',
  receivedAt: at,
  identity,
  network: 'n',
  source: 'web',
});

/** A migrated file, closed: what `serve` leaves behind. */
async function migratedFile(name: string): Promise<string> {
  const file = join(dir, name);
  const store = openSqlite(file).store;
  await store.migrate();
  await store.close();
  return file;
}

/** Appends as the report writer does (counters deferred), without ever deriving: a crash's leftovers. */
async function appendWithoutDeriving(
  file: string,
  batches: NewReport[][],
  insert: ReportInsert = insertInChunks,
): Promise<void> {
  const { db, exec } = sqliteConnection(file);
  const claims = new WindowClaims();
  try {
    for (const batch of batches)
      await immediateTransaction(db, () => appendReports(exec, batch, claims.claims, deferCounters, insert));
  } finally {
    db.close();
  }
}

/** Facebook's counted reports in the hourly roll-ups within an hour either side of `at`. */
const hourlyReports = async (store: Store, at: number): Promise<number> =>
  (
    await store.series({ service: 'facebook', from: at - HOUR, to: at + HOUR, resolution: '1h', by: 'none' })
  ).reduce((s, p) => s + p.reports, 0);

const sum = (rows: { reports: number; repeats: number }[]) =>
  rows.reduce((s, r) => ({ reports: s.reports + r.reports, repeats: s.repeats + r.repeats }), {
    reports: 0,
    repeats: 0,
  });

test('reports committed but never derived (a crash) are counted when the file is next opened', async () => {
  const file = await migratedFile('crash.sqlite');
  // 30 reports over three minutes; "p-0" repeats within the window, so 29 count and 1 is a repeat.
  const batch = (m: number) =>
    Array.from({ length: 10 }, (_, i) => report(`p-${m * 10 + i}`, T + m * MINUTE + i));
  await appendWithoutDeriving(file, [
    batch(0),
    batch(1),
    [...batch(2).slice(0, 9), report('p-0', T + 2 * MINUTE)],
  ]);

  const store = openSqlite(file).store;
  try {
    await store.migrate();
    const totals = sum(await store.totals({ from: T - HOUR, to: T + HOUR }));
    assert.deepEqual(totals, { reports: 29, repeats: 1 });
    const minutes = await store.series({
      service: 'facebook',
      from: T - MINUTE,
      to: T + 4 * MINUTE,
      resolution: '1m',
      by: 'none',
    });
    assert.deepEqual(
      minutes.filter((p) => p.reports > 0).map((p) => p.reports),
      [10, 10, 9],
    );
    assert.equal(await hourlyReports(store, T), 29);
    // The service's reports are listed too: the derivation on open filled report_service_ids.
    assert.equal(await store.countReports({ service: 'facebook' }), 30);
    const newest = await store.recentReports({ service: 'facebook', limit: 3 });
    assert.deepEqual(
      newest.map((r) => r.receivedAt),
      [T + 2 * MINUTE, T + 2 * MINUTE + 8, T + 2 * MINUTE + 7],
    );
    // Deriving again adds nothing: the watermark moved with the counters.
    await store.appendReports([report('late', T + 3 * MINUTE)]);
    assert.deepEqual(sum(await store.totals({ from: T - HOUR, to: T + HOUR })), { reports: 30, repeats: 1 });
    assert.equal(await store.countReports({ service: 'facebook' }), 31);
    assert.equal(await store.countReports({ service: 'facebook', counted: false }), 1);
  } finally {
    await store.close();
  }
});

test('two connections deriving in turn never count a report twice', async () => {
  const file = await migratedFile('two.sqlite');
  const a = sqliteConnection(file);
  const b = sqliteConnection(file);
  const derive = (c: { db: typeof a.db; exec: Executor }) =>
    immediateTransaction(c.db, () => deriveCounters(c.exec));
  try {
    const claims = new WindowClaims();
    let n = 0;
    for (let round = 0; round < 6; round++) {
      for (const c of [a, b]) {
        const batch = Array.from({ length: 5 }, () =>
          report(`q-${n++}`, T + round * MINUTE, 'instagram', 'feed'),
        );
        await immediateTransaction(c.db, () => appendReports(c.exec, batch, claims.claims, deferCounters));
      }
      // Both derive after every round, in alternating order; one of them finds nothing new.
      await derive(round % 2 ? a : b);
      await derive(round % 2 ? b : a);
    }
    const [row] = a.db
      .prepare('SELECT SUM(reports) AS m, (SELECT SUM(reports) FROM counts_hour) AS h FROM counts_minute')
      .all() as { m: number; h: number }[];
    assert.deepEqual({ minute: row?.m, hour: row?.h }, { minute: 60, hour: 60 });
  } finally {
    a.db.close();
    b.db.close();
  }
});

test('pruning counts the reports it deletes into the hourly roll-ups first', async () => {
  const file = await migratedFile('prune.sqlite');
  const old = T - 10 * 24 * HOUR;
  await appendWithoutDeriving(file, [[report('old-1', old), report('old-2', old + 1)]]);
  const store = openSqlite(file).store;
  try {
    // Opened without migrate(): nothing has derived the two old reports yet.
    const pruned = await store.prune({
      reportsBefore: T - HOUR,
      minutesBefore: T - HOUR,
      windowsBefore: T - HOUR,
      keysBefore: '2024-01-01',
    });
    assert.equal(pruned.reports, 2);
    // Their ids went with them: the service lists nothing, and nothing dangles.
    assert.equal(await store.countReports({ service: 'facebook' }), 0);
    assert.deepEqual(await store.recentReports({ service: 'facebook', limit: 10 }), []);
    const { db } = sqliteConnection(file);
    try {
      assert.equal((db.prepare('SELECT COUNT(*) AS n FROM report_service_ids').get() as { n: number }).n, 0);
    } finally {
      db.close();
    }
    assert.equal(await hourlyReports(store, old), 2);
  } finally {
    await store.close();
  }
});

test('a file from before migration 007 keeps every report findable by service', async () => {
  const file = join(dir, 'before-007.sqlite');
  const { db } = sqliteConnection(file);
  try {
    // Migrations 1 to 6 only, as an older Downwatch left the file.
    for (const m of migrations.filter((m) => m.version <= 6)) db.exec(m.sql('sqlite'));
    db.exec(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
    );
    for (const m of migrations.filter((m) => m.version <= 6))
      db.prepare('INSERT INTO schema_migrations VALUES (?, ?, 0)').run(m.version, m.name);
  } finally {
    db.close();
  }
  // Two reports counted by the old writer (watermark moved), then two a crash left underived.
  // The older writer knew only the columns of migrations 1 to 6.
  const oldInsert: ReportInsert = (tx, rows) =>
    insertInChunks(
      tx,
      rows.map((r) => r.slice(0, 8)),
      'service, problem, country, received_at, identity, network, counted, source',
    );
  await appendWithoutDeriving(
    file,
    [[report('a', T), report('b', T + 1, 'whatsapp', 'messaging')]],
    oldInsert,
  );
  const c = sqliteConnection(file);
  c.db.exec('UPDATE counter_watermark SET report_id = (SELECT MAX(id) FROM reports)');
  c.db.close();
  await appendWithoutDeriving(
    file,
    [[report('c', T + 2), report('d', T + 3, 'whatsapp', 'messaging')]],
    oldInsert,
  );

  const store = openSqlite(file).store;
  try {
    assert.equal(
      await store.migrate(),
      migrations.filter((m) => m.version > 6).length,
      '007 and what followed',
    );
    assert.deepEqual(
      (await store.recentReports({ service: 'whatsapp', limit: 10 })).map((r) => r.receivedAt),
      [T + 3, T + 1],
    );
    assert.equal(await store.countReports({ service: 'facebook' }), 2);
    const check = sqliteConnection(file);
    try {
      const indexes = check.db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'reports'")
        .all();
      assert.deepEqual(
        indexes.map((i) => i.name),
        ['reports_time'],
      );
    } finally {
      check.db.close();
    }
  } finally {
    await store.close();
  }
});
