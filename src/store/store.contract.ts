import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { DAY, HOUR, MINUTE, WINDOW } from '../shared/time.ts';
import type { NewReport, Store } from './store.ts';
import { engineTests } from './testing/engine-tests.ts';
import type { StoreFactory } from './testing/engines.ts';

export type { StoreFactory };

const T0 = Date.UTC(2024, 2, 5, 15, 0, 0);

const report = (over: Partial<NewReport> = {}): NewReport => ({
  service: 'facebook',
  problem: 'login',
  country: 'US',
  receivedAt: T0,
  identity: `id-${Math.random().toString(36).slice(2)}`,
  network: 'net-a',
  source: 'web',
  ...over,
});

/** The one suite every Store driver passes. */
export function storeContract(name: string, factory: StoreFactory): void {
  describe(`store contract: ${name}`, () => {
    let store: Store;
    const it = engineTests(factory, (made) => {
      store = made.store;
    });

    it('migrate is idempotent', async () => {
      assert.equal(await store.migrate(), 0);
    });

    it('counts one report per identity, service and 15-minute window; keeps repeats', async () => {
      const a = report({ service: 'dedupe', identity: 'same', receivedAt: T0 });
      const results = await store.appendReports([
        a,
        { ...a, receivedAt: T0 + MINUTE },
        { ...a, problem: 'feed', receivedAt: T0 + 2 * MINUTE },
      ]);
      assert.deepEqual(
        results.map((r) => r.counted),
        [true, false, false],
      );
      const later = await store.appendReports([
        { ...a, receivedAt: T0 + WINDOW },
        { ...a, service: 'dedupe-other' },
      ]);
      assert.deepEqual(
        later.map((r) => r.counted),
        [true, true],
      );
      assert.equal(await store.countReports({ service: 'dedupe' }), 4);
      assert.equal(await store.countReports({ service: 'dedupe', counted: true }), 2);
      const [tot] = await store.totals({ from: T0, to: T0 + HOUR, service: 'dedupe' });
      assert.deepEqual(tot, { service: 'dedupe', reports: 2, repeats: 2 });
    });

    it('dedupes in a batch that spans many windows (an import of history)', async () => {
      const people = ['p1', 'p2', 'p3'];
      const batch = [];
      for (let w = 0; w < 20; w++)
        for (const who of people)
          for (let k = 0; k < 2; k++)
            batch.push(
              report({ service: 'spread', identity: who, receivedAt: T0 - w * WINDOW + k * MINUTE }),
            );
      const again = batch.map((r) => ({ ...r, receivedAt: r.receivedAt + 2 * MINUTE }));
      const results = await store.appendReports([...batch, ...again]);
      assert.equal(results.filter((r) => r.counted).length, 20 * people.length);
      assert.equal(await store.countReports({ service: 'spread', counted: true }), 20 * people.length);
    });

    it('dedupes within one batch and across batches', async () => {
      const a = report({ service: 'batch', identity: 'x' });
      const r1 = await store.appendReports([a, a, a]);
      const r2 = await store.appendReports([a]);
      assert.deepEqual(
        [...r1, ...r2].map((r) => r.counted),
        [true, false, false, false],
      );
      assert.equal(new Set([...r1, ...r2].map((r) => r.id)).size, 4);
    });

    it('series in 1m, 15m and 1h buckets, by problem and country', async () => {
      const batch = [
        report({ service: 'series', receivedAt: T0 + 10_000, problem: 'login', country: 'US' }),
        report({ service: 'series', receivedAt: T0 + 20_000, problem: 'login', country: 'ID' }),
        report({ service: 'series', receivedAt: T0 + MINUTE + 1, problem: 'feed', country: 'ID' }),
        report({ service: 'series', receivedAt: T0 + 16 * MINUTE, problem: 'login', country: 'ID' }),
        report({ service: 'series', receivedAt: T0 + HOUR + 5, problem: 'login', country: 'VN' }),
      ];
      await store.appendReports(batch);
      const q = { service: 'series', from: T0, to: T0 + 2 * HOUR };
      const m = await store.series({ ...q, resolution: '1m', by: 'none' });
      assert.deepEqual(
        m.map((p) => [p.t - T0, p.reports]),
        [
          [0, 2],
          [MINUTE, 1],
          [16 * MINUTE, 1],
          [HOUR, 1],
        ],
      );
      const q15 = await store.series({ ...q, resolution: '15m', by: 'none' });
      assert.deepEqual(
        q15.map((p) => [p.t - T0, p.reports]),
        [
          [0, 3],
          [15 * MINUTE, 1],
          [HOUR, 1],
        ],
      );
      const h = await store.series({ ...q, resolution: '1h', by: 'problem' });
      assert.deepEqual(
        h.map((p) => [p.t - T0, p.key, p.reports]),
        [
          [0, 'feed', 1],
          [0, 'login', 3],
          [HOUR, 'login', 1],
        ],
      );
      const byCountry = await store.breakdown({
        service: 'series',
        from: T0,
        to: T0 + 2 * HOUR,
        by: 'country',
      });
      assert.deepEqual(
        byCountry.map((b) => [b.key, b.reports]),
        [
          ['ID', 3],
          ['US', 1],
          ['VN', 1],
        ],
      );
      const byProblem = await store.breakdown({
        service: 'series',
        from: T0,
        to: T0 + 2 * HOUR,
        by: 'problem',
      });
      assert.deepEqual(byProblem[0], { service: 'series', key: 'login', reports: 4 });
    });

    it('lists recent reports without identity data and finds them by id', async () => {
      const [r] = await store.appendReports([
        report({ service: 'recent', identity: 'secret-hash', network: 'secret-net' }),
      ]);
      const list = await store.recentReports({ service: 'recent', limit: 10 });
      assert.equal(list.length, 1);
      assert.equal(list[0]?.id, r?.id);
      assert.ok(!JSON.stringify(list).includes('secret'));
      const found = await store.reportsById([r!.id, 999_999_999]);
      assert.deepEqual(
        found.map((x) => x.id),
        [r!.id],
      );
    });

    it('keeps one identity key per day, whoever asks first', async () => {
      const k1 = await store.identityKey('2024-03-05', 'first');
      const k2 = await store.identityKey('2024-03-05', 'second');
      assert.equal(k1, 'first');
      assert.equal(k2, 'first');
    });

    it('prunes raw reports and minutes past retention but keeps hourly roll-ups', async () => {
      const old = T0 - 10 * 24 * HOUR;
      await store.appendReports([
        report({ service: 'prune', receivedAt: old }),
        report({ service: 'prune', receivedAt: T0 }),
      ]);
      await store.identityKey('2024-02-20', 'old-key');
      const res = await store.prune({
        reportsBefore: T0 - HOUR,
        minutesBefore: T0 - HOUR,
        windowsBefore: T0 - HOUR,
        keysBefore: '2024-03-01',
      });
      // SQLite claims windows in memory (window-claims.ts): its report_windows table stays empty.
      const windows = store.engine === 'postgres' ? 1 : 0;
      assert.ok(res.reports >= 1 && res.minutes >= 1 && res.windows >= windows && res.keys >= 1);
      assert.equal(await store.countReports({ service: 'prune' }), 1);
      const hours = await store.series({
        service: 'prune',
        from: old - HOUR,
        to: T0 + HOUR,
        resolution: '1h',
        by: 'none',
      });
      assert.equal(
        hours.reduce((s, p) => s + p.reports, 0),
        2,
      );
    });

    it('a failing batch commits nothing', async () => {
      const first = report({ service: 'atomic', identity: 'atomic-1' });
      const bad = report({ service: 'atomic' }) as unknown as Record<string, unknown>;
      bad.problem = null; // violates NOT NULL
      await assert.rejects(store.appendReports([first, bad as unknown as NewReport]));
      assert.equal(await store.countReports({ service: 'atomic' }), 0);
      // The failed batch's claim went with it: the same person counts on the next try.
      const ok = await store.appendReports([first]);
      assert.deepEqual(
        ok.map((r) => r.counted),
        [true],
      );
    });

    it('minute activity: counted reports with network and country concentration', async () => {
      const t = T0 + 3 * DAY;
      await store.appendReports([
        ...Array.from({ length: 6 }, (_, i) =>
          report({ service: 'act', receivedAt: t + i, network: 'n1', country: 'ID' }),
        ),
        report({ service: 'act', receivedAt: t + 10, network: 'n2', country: 'US' }),
        report({ service: 'act', receivedAt: t + 20, network: 'n3', country: 'US', identity: 'rep' }),
        report({ service: 'act', receivedAt: t + 30, network: 'n3', country: 'US', identity: 'rep' }),
      ]);
      const [a] = (await store.minuteActivity(t, t + MINUTE)).filter((x) => x.service === 'act');
      assert.deepEqual(a, {
        service: 'act',
        reports: 8,
        networks: 3,
        topNetworkReports: 6,
        topCountryReports: 6,
        dampedReports: 4.45, // √6 + √1 + √1: the busy network counts for less than its 6
        asns: 0,
        hostingReports: 0,
      });
    });

    it('report origins: counted reports with their ASN and hosting mark; hosting damps further', async () => {
      const t = T0 + 4 * DAY;
      await store.appendReports([
        report({
          service: 'orig',
          receivedAt: t + 1,
          network: 'h',
          asn: 16509,
          hosting: true,
          identity: 'o1',
        }),
        report({
          service: 'orig',
          receivedAt: t + 2,
          network: 'h',
          asn: 16509,
          hosting: true,
          identity: 'o2',
        }),
        report({
          service: 'orig',
          receivedAt: t + 3,
          network: 'h',
          asn: 16509,
          hosting: true,
          identity: 'o3',
        }),
        report({
          service: 'orig',
          receivedAt: t + 4,
          network: 'h',
          asn: 16509,
          hosting: true,
          identity: 'o4',
        }),
        report({ service: 'orig', receivedAt: t + 5, network: 'p', asn: 7713, identity: 'o5' }),
        report({ service: 'orig', receivedAt: t + 6, network: 'q', identity: 'o6' }),
        report({ service: 'orig', receivedAt: t + 7, network: 'q', identity: 'o6' }),
      ]);
      const origins = (await store.reportOrigins(t, t + MINUTE)).filter((o) => o.service === 'orig');
      assert.deepEqual(
        origins.map((o) => [o.identity, o.network, o.asn, o.hosting, o.receivedAt - t]),
        [
          ['o1', 'h', 16509, true, 1],
          ['o2', 'h', 16509, true, 2],
          ['o3', 'h', 16509, true, 3],
          ['o4', 'h', 16509, true, 4],
          ['o5', 'p', 7713, false, 5],
          ['o6', 'q', null, false, 6],
        ],
        'the repeat is not counted, so not an origin',
      );
      const [a] = (await store.minuteActivity(t, t + MINUTE)).filter((x) => x.service === 'orig');
      assert.deepEqual(
        [a?.reports, a?.networks, a?.asns, a?.hostingReports, a?.dampedReports],
        [6, 3, 2, 4, 2.5],
      );
    });

    it('serialises concurrent batches without losing any', async () => {
      const batches = Array.from({ length: 20 }, (_, i) =>
        Array.from({ length: 25 }, (_, j) => report({ service: 'concurrent', identity: `c-${i}-${j}` })),
      );
      const results = await Promise.all(batches.map((b) => store.appendReports(b)));
      assert.equal(results.flat().filter((r) => r.counted).length, 500);
      assert.equal(await store.countReports({ service: 'concurrent', counted: true }), 500);
    });
  });
}
