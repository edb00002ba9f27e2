/**
 * The monitor's hooks, given at construction: `lead` decides whether incidents are written,
 * `adjust` may raise a verdict, `onMinute` hears each minute, `onTick` brackets every tick call
 * (failed ones too). On a real SQLite store with the built-in catalog.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CATALOG_DIR } from '../catalog/default-catalog-dir.ts';
import { loadCatalog } from '../catalog/load-catalog.ts';
import { MINUTE } from '../shared/time.ts';
import { tempSqlite } from '../store/testing/engines.ts';
import type { ServiceReading } from './decide.ts';
import { Monitor } from './monitor.ts';
import { sqlIncidentsRepo } from './repo/sql-incidents-repo.ts';

const T0 = Date.UTC(2026, 0, 5, 12, 0);
const catalog = loadCatalog([DEFAULT_CATALOG_DIR]);

/** An adjust hook that raises facebook to a major outage, the way probe evidence may. */
const raiseFacebook = async (_t: number, verdicts: ServiceReading[]) =>
  verdicts.map((v) => (v.service === 'facebook' ? { ...v, status: 'major_outage' as const } : v));

for (const lead of [true, false]) {
  test(`monitor hooks: adjust raises a status, onMinute hears it, and incidents are written only when lead() is ${lead}`, async () => {
    const { store, sql, cleanup } = await tempSqlite();
    const incidents = sqlIncidentsRepo(sql);
    try {
      const minutes: [number, boolean][] = [];
      const leadsSeen: boolean[] = [];
      const monitor = new Monitor(store, incidents, catalog, {
        lead: () => lead,
        adjust: async (t, v, l) => {
          leadsSeen.push(l);
          return raiseFacebook(t, v);
        },
        onMinute: (t, changed) => minutes.push([t, changed]),
      });
      await monitor.tick(T0);
      assert.equal(monitor.statusOf('facebook'), 'major_outage');
      assert.equal(monitor.statusOf('instagram'), 'operational');
      assert.deepEqual(leadsSeen, [lead]);
      assert.deepEqual(minutes, [[T0, true]]);
      const open = await incidents.openIncidents();
      assert.deepEqual(
        open.map((i) => i.services.map((s) => [s.service, s.status])),
        lead ? [[['facebook', 'major_outage']]] : [],
      );
    } finally {
      await cleanup();
    }
  });
}

test('monitor hooks: onTick brackets every tick call, the settled ones and the failed ones', async () => {
  const { store, sql, cleanup } = await tempSqlite();
  const incidents = sqlIncidentsRepo(sql);
  const events: string[] = [];
  const monitor = new Monitor(store, incidents, catalog, {
    onTick: () => {
      events.push('start');
      return () => events.push('end');
    },
  });
  try {
    await monitor.tick(T0);
    await monitor.tick(T0); // an old minute is ignored, but the call is still timed
    assert.deepEqual(events, ['start', 'end', 'start', 'end']);
  } finally {
    await cleanup();
  }
  // The store is closed: the next minute's read fails, and the bracket still closes.
  await assert.rejects(monitor.tick(T0 + MINUTE));
  assert.deepEqual(events, ['start', 'end', 'start', 'end', 'start', 'end']);
});

test('monitor hooks: without hooks a monitor leads, keeps verdicts as they are and says nothing', async () => {
  const { store, sql, cleanup } = await tempSqlite();
  const incidents = sqlIncidentsRepo(sql);
  try {
    const monitor = new Monitor(store, incidents, catalog);
    await monitor.tick(T0);
    assert.equal(monitor.statusOf('facebook'), 'operational');
    assert.deepEqual(await incidents.openIncidents(), []);
  } finally {
    await cleanup();
  }
});
