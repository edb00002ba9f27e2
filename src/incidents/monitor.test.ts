import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_CATALOG_DIR } from '../catalog/default-catalog-dir.ts';
import { loadCatalog } from '../catalog/load-catalog.ts';
import { DAY, MINUTE } from '../shared/time.ts';
import { openSqlite } from '../store/sqlite/open-sqlite.ts';
import type { NewReport } from '../store/store.ts';
import { Monitor } from './monitor.ts';
import { sqlIncidentsRepo } from './repo/sql-incidents-repo.ts';

const T0 = Date.UTC(2024, 2, 5, 15, 0);
let seq = 0;
const reports = (service: string, t: number, n: number, network?: string): NewReport[] =>
  Array.from({ length: n }, (_, i) => ({
    service,
    problem: 'login',
    country: i % 4 === 0 ? 'ID' : 'US',
    receivedAt: t + ((i * 997) % 59_000),
    identity: `p${seq++}`,
    network: network ?? `net${seq % 5000}`,
    source: 'web' as const,
  }));

test('monitor: Meta apps failing together make one incident; a one-network flood makes none; recovery resolves', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dw-mon-'));
  const { store, sql } = openSqlite(join(dir, 'db.sqlite'));
  const repo = sqlIncidentsRepo(sql);
  await store.migrate();
  try {
    const catalog = loadCatalog([DEFAULT_CATALOG_DIR]);
    const normal = ['facebook', 'instagram', 'whatsapp', 'telegram'];
    // Eight days of history at about one report a minute, written as hourly batches.
    for (let t = T0 - 8 * DAY; t < T0; t += 60 * MINUTE) {
      await store.appendReports(
        normal.flatMap((s) => reports(s, t, 60).map((r, i) => ({ ...r, receivedAt: t + i * MINUTE }))),
      );
    }
    const monitor = new Monitor(store, repo, catalog);
    assert.equal(await monitor.warmUp(T0), normal.length);

    const statusAt = new Map<number, Record<string, string>>();
    for (let m = 0; m < 70; m++) {
      const t = T0 + m * MINUTE;
      const batch = [...reports('telegram', t, 1), ...reports('whatsapp', t, 1)];
      const outage = m >= 10 && m < 40;
      batch.push(
        ...reports('facebook', t, outage ? 80 : 1),
        ...reports('instagram', t, outage && m >= 11 ? 30 : 1),
      );
      // 500 identities from one /24 over five minutes: a flood, not an outage.
      if (m >= 20 && m < 25) batch.push(...reports('whatsapp', t, 100, 'one-slash-24'));
      await store.appendReports(batch);
      await monitor.tick(t);
      statusAt.set(m, Object.fromEntries(normal.map((s) => [s, monitor.statusOf(s)])));
    }
    if (process.env.DEBUG_MONITOR)
      console.log([...statusAt].map(([m, st]) => `${m}:${st.facebook?.slice(0, 4)}`).join(' '));
    const firstBad = (s: string) => [...statusAt].find(([, st]) => st[s] !== 'operational')?.[0];
    const lastBad = (s: string) => [...statusAt].filter(([, st]) => st[s] !== 'operational').at(-1)?.[0];
    const fb = firstBad('facebook');
    assert.ok(fb !== undefined && fb - 10 <= 2, `facebook flagged ${fb} min (outage starts at 10)`);
    assert.ok(lastBad('facebook')! - 39 <= 10, `facebook back by ${lastBad('facebook')}`);
    assert.equal(firstBad('whatsapp'), undefined, 'the one-network flood opened nothing');
    assert.equal(firstBad('telegram'), undefined);

    const incidents = await repo.listIncidents({ limit: 10 });
    assert.equal(incidents.length, 1, JSON.stringify(incidents.map((i) => i.title)));
    const [inc] = incidents;
    assert.equal(inc!.groupKey, 'meta');
    assert.deepEqual(inc!.services.map((s) => s.service).sort(), ['facebook', 'instagram']);
    assert.equal(inc!.title, 'Meta: Facebook, Instagram');
    assert.ok(inc!.resolvedAt !== null, 'resolved after recovery');
    assert.ok(
      inc!.startedAt <= T0 + 11 * MINUTE && inc!.startedAt >= T0 + 9 * MINUTE,
      `start ${(inc!.startedAt - T0) / MINUTE}`,
    );
    assert.ok(inc!.peakRate >= 80);
    const detail = await repo.getIncident(inc!.id);
    const kinds = detail!.events.map((e) => e.kind);
    assert.equal(kinds[0], 'opened');
    assert.ok(kinds.includes('service_added'));
    assert.equal(kinds.at(-1), 'resolved');
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
