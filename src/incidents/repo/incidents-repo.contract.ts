import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { DAY, HOUR, MINUTE } from '../../shared/time.ts';
import type { SqlAccess } from '../../store/sql/sql-access.ts';
import { engineTests } from '../../store/testing/engine-tests.ts';
import type { StoreFactory } from '../../store/testing/engines.ts';
import type { IncidentsRepo } from '../incidents-repo.ts';
import { sqlIncidentsRepo } from './sql-incidents-repo.ts';

const T0 = Date.UTC(2024, 2, 5, 15, 0, 0);

/** The one suite the incidents repository passes on every engine. */
export function incidentsRepoContract(name: string, factory: StoreFactory): void {
  describe(`incidents repository: ${name}`, () => {
    let incidents: IncidentsRepo;
    let sql: SqlAccess;
    const it = engineTests(factory, (made) => {
      sql = made.sql;
      incidents = sqlIncidentsRepo(sql);
    });

    it('incidents: one open per group, conditional updates and resolve, timeline in order', async () => {
      const svc = (service: string, at: number) => ({
        service,
        status: 'major_outage' as const,
        startedAt: at,
        detectedAt: at,
        recoveredAt: null,
        peakAt: at,
        peakRate: 10,
      });
      const base = {
        groupKey: 'meta',
        title: 'Problems with Facebook',
        impact: 'critical' as const,
        startedAt: T0,
        detectedAt: T0 + MINUTE,
        peakRate: 10,
      };
      const [a, b] = await Promise.all([
        incidents.openIncident(base, svc('facebook', T0), { at: T0, kind: 'opened', message: 'a' }),
        incidents.openIncident(base, svc('facebook', T0), { at: T0, kind: 'opened', message: 'b' }),
      ]);
      assert.equal([a, b].filter((x) => x !== null).length, 1, 'exactly one open incident per group');
      const id = (a ?? b)!;
      const upd = {
        title: 'Meta: Facebook, Instagram',
        impact: 'critical' as const,
        status: 'investigating' as const,
        peakAt: T0 + 2 * MINUTE,
        peakRate: 90,
        updatedAt: T0 + 2 * MINUTE,
      };
      assert.equal(
        await incidents.updateIncident(
          id,
          upd,
          [svc('instagram', T0 + MINUTE)],
          [{ at: T0 + MINUTE, kind: 'service_added', service: 'instagram', message: 'ig' }],
        ),
        true,
      );
      const open = await incidents.openIncidents();
      assert.deepEqual(
        open.map((i) => [i.id, i.title, i.services.length]),
        [[id, 'Meta: Facebook, Instagram', 2]],
      );
      const resolves = await Promise.all(
        [1, 2].map(() =>
          incidents.resolveIncident(id, T0 + HOUR, [], { at: T0 + HOUR, kind: 'resolved', message: 'done' }),
        ),
      );
      assert.deepEqual(resolves.sort(), [false, true], 'only one resolver wins');
      assert.equal(
        await incidents.updateIncident(id, upd, [], [{ at: T0 + HOUR, kind: 'late', message: 'x' }]),
        false,
        'a resolved incident does not change',
      );
      const got = await incidents.getIncident(id);
      assert.equal(got?.incident.status, 'resolved');
      assert.deepEqual(
        got?.events.map((e) => e.kind),
        ['opened', 'service_added', 'resolved'],
      );
      assert.deepEqual(
        (await incidents.listIncidents({ service: 'instagram', limit: 5 })).map((i) => i.id),
        [id],
      );
      assert.notEqual(
        await incidents.openIncident(base, svc('facebook', T0 + DAY), {
          at: T0 + DAY,
          kind: 'opened',
          message: 'again',
        }),
        null,
        'a new one may open after resolve',
      );
      const ids = await incidents.incidentIds(10);
      assert.ok(ids.length >= 2 && ids.includes(id), 'the sitemap sees every incident');
      assert.deepEqual(
        ids,
        [...ids].sort((x, y) => y - x),
        'newest first',
      );
      assert.equal((await incidents.incidentIds(1)).length, 1, 'at most the limit');
    });

    it('the archive filters by service, impact and date range, pages by keyset, and knows neighbours', async () => {
      // A year later than the other cases, one incident every 10 days; filters keep them apart.
      const Y = T0 + 365 * DAY;
      const made: number[] = [];
      for (let k = 0; k < 7; k++) {
        const at = Y + k * 10 * DAY;
        const service = k % 2 ? 'whatsapp' : 'telegram';
        const impact = k % 3 === 0 ? ('critical' as const) : ('minor' as const);
        const id = await incidents.openIncident(
          { groupKey: `archive-${k}`, title: `t${k}`, impact, startedAt: at, detectedAt: at, peakRate: 1 },
          {
            service,
            status: 'partial_outage',
            startedAt: at,
            detectedAt: at,
            recoveredAt: null,
            peakAt: at,
            peakRate: 1,
          },
          { at, kind: 'opened', message: 'x' },
        );
        assert.ok(id !== null);
        made.push(id);
      }
      const range = { from: Y, to: Y + 70 * DAY };
      const all = await incidents.archive({ ...range, limit: 50 });
      assert.deepEqual(
        all.map((i) => i.id),
        [...made].reverse(),
        'newest first, only the range',
      );
      const wa = await incidents.archive({ ...range, services: ['whatsapp'], limit: 50 });
      assert.deepEqual(
        wa.map((i) => i.id),
        [made[5], made[3], made[1]],
      );
      assert.ok(wa.every((i) => i.services.some((s) => s.service === 'whatsapp')));
      const both = await incidents.archive({ ...range, services: ['whatsapp', 'telegram'], limit: 50 });
      assert.equal(both.length, 7, 'a provider is the union of its services');
      assert.deepEqual((await incidents.archive({ ...range, services: [], limit: 50 })).length, 0);
      const critical = await incidents.archive({ ...range, impacts: ['critical'], limit: 50 });
      assert.deepEqual(
        critical.map((i) => i.id),
        [made[6], made[3], made[0]],
      );
      const narrow = await incidents.archive({ from: Y + 15 * DAY, to: Y + 35 * DAY, limit: 50 });
      assert.deepEqual(
        narrow.map((i) => i.id),
        [made[3], made[2]],
        'from is inclusive, to exclusive',
      );
      // Keyset pages: three pages of 3, 3 and 1 cover all seven, in order, without repeats.
      const pages: number[][] = [];
      let after: { startedAt: number; id: number } | undefined;
      for (;;) {
        const page = await incidents.archive({ ...range, after, limit: 3 });
        if (page.length === 0) break;
        pages.push(page.map((i) => i.id));
        const last = page[page.length - 1]!;
        after = { startedAt: last.startedAt, id: last.id };
      }
      assert.deepEqual(
        pages.map((p) => p.length),
        [3, 3, 1],
      );
      assert.deepEqual(pages.flat(), [...made].reverse());
      assert.deepEqual(await incidents.neighbours(made[3]!), { older: made[2], newer: made[4] });
      assert.equal((await incidents.neighbours(made[6]!)).newer, null, 'the newest has no newer one');
      assert.deepEqual(await incidents.neighbours(999_999), { older: null, newer: null });
    });

    it('links an outside event once, its mark and timeline row in one transaction', async () => {
      // The outside event as the sources repository stores it (sources/repo; its own suite reads it back).
      await sql.writer.run(
        `INSERT INTO source_events (dedupe_key, at, kind, provider, services, message, ack, data, incident_id, created_at)
         VALUES ('routing:link:1', $1, 'routing', 'link', ',linked,', 'prefixes withdrawn', 1, '{}', NULL, $1)`,
        [T0 + 2 * DAY],
      );
      const [event] = await sql.reader.all(
        "SELECT id FROM source_events WHERE dedupe_key = 'routing:link:1'",
      );
      const eventId = Number(event?.id);
      const id = await incidents.openIncident(
        {
          groupKey: 'link',
          title: 'Linked',
          impact: 'major',
          startedAt: T0 + 2 * DAY + MINUTE,
          detectedAt: T0 + 2 * DAY + 3 * MINUTE,
          peakRate: 10,
        },
        {
          service: 'linked',
          status: 'major_outage',
          startedAt: T0 + 2 * DAY + MINUTE,
          detectedAt: T0 + 2 * DAY + 3 * MINUTE,
          recoveredAt: null,
          peakAt: T0 + 2 * DAY + 3 * MINUTE,
          peakRate: 10,
        },
        { at: T0 + 2 * DAY + 3 * MINUTE, kind: 'opened', message: 'opened' },
      );
      assert.ok(id !== null);
      const row = { at: T0 + 2 * DAY, kind: 'routing', message: 'prefixes withdrawn' };
      const results = await Promise.all([
        incidents.linkOutsideEvent(eventId, id, row),
        incidents.linkOutsideEvent(eventId, id, row),
      ]);
      assert.deepEqual(results.sort(), [false, true], 'two nodes linking at once: one wins');
      assert.deepEqual(
        (await incidents.getIncident(id))?.events.map((e) => e.kind),
        ['routing', 'opened'],
        'one timeline row, ordered by the event time',
      );
      const [marked] = await sql.reader.all('SELECT incident_id FROM source_events WHERE id = $1', [eventId]);
      assert.equal(Number(marked?.incident_id), id);
      assert.equal(
        await incidents.linkOutsideEvent(eventId, id, row),
        false,
        'an attached event is not linked again',
      );
      assert.equal((await incidents.getIncident(id))?.events.length, 2);
    });
  });
}
