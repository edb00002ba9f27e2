import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { IncidentsRepo } from '../../incidents/incidents-repo.ts';
import { incidentsForTests } from '../../incidents/testing/incidents-for-tests.ts';
import { engineTests } from '../../store/testing/engine-tests.ts';
/** How a contract run gets a fresh, migrated store — or why it is skipped. */
import type { StoreFactory as RepoFactory } from '../../store/testing/engines.ts';
import { SourcesRepo } from './sources-repo.ts';

const T0 = Date.UTC(2021, 9, 4, 15, 39, 0);
const MINUTE = 60_000;

/** The sources repository behaves the same on every engine. */
export function sourcesRepoContract(name: string, factory: RepoFactory): void {
  describe(`sources repository: ${name}`, () => {
    let incidents: IncidentsRepo;
    let repo: SourcesRepo;
    const it = engineTests(factory, (made) => {
      repo = new SourcesRepo(made.sql);
      // Events are attached by the incidents' link verb; the suite checks what sources read of it.
      incidents = incidentsForTests(made.sql);
    });

    it('counts each item once, however often it arrives, and moves the cursor with it', async () => {
      const item = (id: string, at: number) => ({
        source: 'bluesky',
        item: id,
        at,
        counts: [
          { service: 'instagram', kind: 'posts', dim: 'en', n: 1 },
          { service: 'facebook', kind: 'posts', dim: 'en', n: 1 },
        ],
      });
      const first = await repo.record(
        [item('a', T0), item('b', T0 + 1000), item('a', T0)],
        [{ source: 'bluesky', cursor: '100' }],
      );
      assert.deepEqual(first, { accepted: 2, duplicates: 1 });
      const again = await repo.record(
        [item('b', T0 + 1000), item('c', T0 + MINUTE)],
        [{ source: 'bluesky', cursor: '200' }],
      );
      assert.deepEqual(again, { accepted: 1, duplicates: 1 });
      assert.equal(await repo.cursor('bluesky'), '200');
      assert.equal(await repo.cursor('nothing'), undefined);
      const counts = await repo.minuteCounts({ service: 'instagram', from: T0, to: T0 + 2 * MINUTE });
      assert.deepEqual(counts, [
        { minute: T0, kind: 'posts', dim: 'en', n: 2 },
        { minute: T0 + MINUTE, kind: 'posts', dim: 'en', n: 1 },
      ]);
    });

    it('keeps an event once per dedupe key and links it to an incident with one timeline row', async () => {
      const e = {
        dedupeKey: 'routing:meta:withdrawal:1',
        at: T0,
        kind: 'routing' as const,
        provider: 'meta',
        services: ['facebook', 'instagram'],
        message: 'Meta (AS32934): prefixes withdrawn',
        ack: true,
        data: { prefixes: ['129.134.30.0/23'] },
      };
      assert.equal(await repo.addEvent(e), true);
      assert.equal(await repo.addEvent(e), false);
      const [stored] = await repo.unlinkedEvents(T0 - MINUTE);
      assert.ok(stored);
      assert.deepEqual(stored.services, ['facebook', 'instagram']);
      assert.deepEqual(stored.data, { prefixes: ['129.134.30.0/23'] });
      const incident = await incidents.openIncident(
        {
          groupKey: 'meta',
          title: 'Meta',
          impact: 'major',
          startedAt: T0 + MINUTE,
          detectedAt: T0 + 3 * MINUTE,
          peakRate: 10,
        },
        {
          service: 'facebook',
          status: 'major_outage',
          startedAt: T0 + MINUTE,
          detectedAt: T0 + 3 * MINUTE,
          recoveredAt: null,
          peakAt: T0 + 3 * MINUTE,
          peakRate: 10,
        },
        { at: T0 + 3 * MINUTE, kind: 'opened', message: 'opened' },
      );
      assert.ok(incident !== null);
      const row = { at: e.at, kind: e.kind, message: e.message, data: { provider: 'meta' } };
      const results = await Promise.all([
        incidents.linkOutsideEvent(stored.id, incident, row),
        incidents.linkOutsideEvent(stored.id, incident, row),
      ]);
      assert.deepEqual(results.sort(), [false, true]);
      const found = await incidents.getIncident(incident);
      assert.deepEqual(
        found?.events.map((x) => x.kind),
        ['routing', 'opened'],
        'the timeline orders by time: the withdrawal before the opening',
      );
      assert.equal((await repo.unlinkedEvents(T0 - MINUTE)).length, 0);
      const listed = await repo.eventsOf({
        service: 'instagram',
        from: T0 - MINUTE,
        to: T0 + MINUTE,
        limit: 10,
      });
      assert.equal(listed[0]?.incidentId, incident);
      assert.equal((await repo.eventsOf({ service: 'gram', from: 0, to: T0 * 2, limit: 10 })).length, 0);

      await repo.addEvent({
        ...e,
        dedupeKey: 'official:meta:1',
        kind: 'official',
        at: T0 + 40 * MINUTE,
        message: 'Meta status: Facebook — major disruption',
      });
      const [official] = await repo.unlinkedEvents(T0);
      assert.ok(official);
      await incidents.linkOutsideEvent(official.id, incident, {
        at: official.at,
        kind: 'official',
        message: official.message,
      });
      assert.deepEqual(await repo.acknowledgedIncidents({ provider: 'meta', limit: 10 }), [
        {
          provider: 'meta',
          incidentId: incident,
          startedAt: T0 + MINUTE,
          detectedAt: T0 + 3 * MINUTE,
          acknowledgedAt: T0 + 40 * MINUTE,
        },
      ]);
      assert.deepEqual(await repo.acknowledgedIncidents({ provider: 'other', limit: 10 }), []);
    });

    it('keeps the last known state of an official source', async () => {
      const state = {
        source: 'status:https://status.example.com',
        provider: 'example',
        kind: 'statuspage',
        url: 'https://status.example.com',
        etag: 'W/"1"',
        lastModified: null,
        checkedAt: T0,
        okAt: T0,
        failures: 0,
        stale: false,
        error: null,
        state: { components: [{ id: 'x', state: 'operational' }] },
      };
      await repo.saveOfficialState(state);
      await repo.saveOfficialState({
        ...state,
        checkedAt: T0 + MINUTE,
        failures: 3,
        stale: true,
        error: 'timeout',
      });
      assert.deepEqual(await repo.officialState(state.source), {
        ...state,
        checkedAt: T0 + MINUTE,
        failures: 3,
        stale: true,
        error: 'timeout',
      });
      assert.equal((await repo.officialStates('example')).length, 1);
    });

    it('prunes old dedupe rows, counts and unattached events', async () => {
      const removed = await repo.prune({ seenBefore: T0 * 2, minutesBefore: T0 * 2, eventsBefore: T0 * 2 });
      assert.ok(removed > 0);
      assert.equal((await repo.minuteCounts({ service: 'instagram', from: 0, to: T0 * 2 })).length, 0);
      const events = await repo.eventsOf({ service: 'facebook', from: 0, to: T0 * 2, limit: 10 });
      assert.equal(events.length, 2, 'events attached to an incident are kept');
    });
  });
}
