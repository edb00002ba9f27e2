import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Parser from 'rss-parser';
import { z } from 'zod';
import { createTestApp } from '../../app/testing/test-app.ts';
import type { IncidentService } from '../../incidents/types.ts';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/**
 * The Statuspage v2 public API as its documentation describes it (written here from the docs, not
 * from our renderer, so the test checks the format rather than itself).
 */
const Time = z.iso.datetime({ offset: true });
const Page = z.object({
  id: z.string(),
  name: z.string(),
  url: z.url(),
  time_zone: z.string(),
  updated_at: Time,
});
const Status = z.object({
  indicator: z.enum(['none', 'minor', 'major', 'critical']),
  description: z.string().min(1),
});
const Component = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum([
    'operational',
    'degraded_performance',
    'partial_outage',
    'major_outage',
    'under_maintenance',
  ]),
  created_at: Time,
  updated_at: Time,
  position: z.number().int(),
  description: z.string().nullable(),
  showcase: z.boolean(),
  start_date: z.string().nullable(),
  group_id: z.string().nullable(),
  page_id: z.string(),
  group: z.boolean(),
  only_show_if_degraded: z.boolean(),
});
const IncidentUpdate = z.object({
  id: z.string(),
  status: z.enum(['investigating', 'identified', 'monitoring', 'resolved', 'postmortem']),
  body: z.string(),
  incident_id: z.string(),
  created_at: Time,
  updated_at: Time,
  display_at: Time,
  affected_components: z
    .array(z.object({ code: z.string(), name: z.string(), old_status: z.string(), new_status: z.string() }))
    .nullable(),
  deliver_notifications: z.boolean(),
  custom_tweet: z.string().nullable(),
  tweet_id: z.string().nullable(),
});
const Incident = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(['investigating', 'identified', 'monitoring', 'resolved', 'postmortem']),
  created_at: Time,
  updated_at: Time,
  monitoring_at: Time.nullable(),
  resolved_at: Time.nullable(),
  impact: z.enum(['none', 'minor', 'major', 'critical', 'maintenance']),
  shortlink: z.url(),
  started_at: Time,
  page_id: z.string(),
  incident_updates: z.array(IncidentUpdate),
  components: z.array(Component),
});
const Summary = z.object({
  page: Page,
  status: Status,
  components: z.array(Component),
  incidents: z.array(Incident),
  scheduled_maintenances: z.array(z.unknown()),
});
const StatusDoc = z.object({ page: Page, status: Status });
const ComponentsDoc = z.object({ page: Page, components: z.array(Component) });
const IncidentsDoc = z.object({ page: Page, incidents: z.array(Incident) });

const T0 = Date.UTC(2024, 2, 5, 15, 39);
const MINUTE = 60_000;
const service = (slug: string, at: number): IncidentService => ({
  service: slug,
  status: 'major_outage',
  startedAt: at,
  detectedAt: at,
  recoveredAt: null,
  peakAt: at,
  peakRate: 80,
});

describe('Statuspage v2 JSON and incident feeds', () => {
  let app: TestApp;
  let meta: number;
  let google: number;
  before(async () => {
    app = await createTestApp({ publicUrl: 'https://downwatch.example' }, { manualTicks: true });
    const incidents = app.ctx.incidents;
    google = (await incidents.openIncident(
      {
        groupKey: 'google',
        title: 'Problems with YouTube',
        impact: 'major',
        startedAt: T0 - 60 * MINUTE,
        detectedAt: T0 - 59 * MINUTE,
        peakRate: 40,
      },
      service('youtube', T0 - 60 * MINUTE),
      { at: T0 - 59 * MINUTE, kind: 'opened', service: 'youtube', message: 'YouTube: problems detected' },
    ))!;
    await incidents.resolveIncident(
      google,
      T0 - 20 * MINUTE,
      [{ ...service('youtube', T0 - 60 * MINUTE), recoveredAt: T0 - 20 * MINUTE, status: 'operational' }],
      {
        at: T0 - 20 * MINUTE,
        kind: 'resolved',
        message: 'All services are back to normal.',
      },
    );
    meta = (await incidents.openIncident(
      {
        groupKey: 'meta',
        title: 'Problems with Facebook',
        impact: 'critical',
        startedAt: T0,
        detectedAt: T0 + MINUTE,
        peakRate: 500,
      },
      service('facebook', T0),
      {
        at: T0 + MINUTE,
        kind: 'opened',
        service: 'facebook',
        message: 'Facebook: major outage — 12× the usual reports',
      },
    ))!;
    await incidents.updateIncident(
      meta,
      {
        title: 'Meta: Facebook, Instagram',
        impact: 'critical',
        status: 'investigating',
        peakAt: T0 + 2 * MINUTE,
        peakRate: 800,
        updatedAt: T0 + 2 * MINUTE,
      },
      [service('instagram', T0 + MINUTE)],
      [
        {
          at: T0 + 2 * MINUTE,
          kind: 'service_added',
          service: 'instagram',
          message: 'Instagram: major outage & <login> fails',
        },
      ],
    );
    await app.ctx.snapshot.refresh();
  });
  after(() => app.cleanup());

  const get = (url: string, headers: Record<string, string> = {}) =>
    app.server.inject({ method: 'GET', url, headers });

  test('the instance page: every document validates against the documented shapes', async () => {
    const docs: [string, z.ZodType][] = [
      ['/api/v2/summary.json', Summary],
      ['/api/v2/status.json', StatusDoc],
      ['/api/v2/components.json', ComponentsDoc],
      ['/api/v2/incidents.json', IncidentsDoc],
      ['/api/v2/incidents/unresolved.json', IncidentsDoc],
    ];
    for (const [url, schema] of docs) {
      const res = await get(url);
      assert.equal(res.statusCode, 200, url);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      const parsed = schema.safeParse(res.json());
      assert.ok(parsed.success, `${url}: ${parsed.success ? '' : z.prettifyError(parsed.error)}`);
    }
    const summary = Summary.parse((await get('/api/v2/summary.json')).json());
    assert.equal(summary.page.url, 'https://downwatch.example');
    assert.deepEqual(summary.status, { indicator: 'critical', description: 'Major System Outage' });
    assert.deepEqual(
      summary.incidents.map((i) => i.id),
      [String(meta)],
      'summary lists the unresolved incidents',
    );
    const [incident] = summary.incidents;
    assert.equal(incident?.name, 'Meta: Facebook, Instagram');
    assert.equal(incident?.shortlink, `https://downwatch.example/incidents/${meta}`);
    assert.deepEqual(
      incident?.incident_updates.map((u) => u.status),
      ['investigating', 'investigating'],
    );
    assert.ok(incident?.incident_updates.every((u) => u.incident_id === String(meta) && u.id.length > 0));
    assert.deepEqual(
      incident?.components.map((c) => c.id),
      ['facebook', 'instagram'],
    );
    // Components are grouped by provider; every child names its group.
    const group = summary.components.find((c) => c.id === 'group-meta');
    assert.equal(group?.group, true);
    assert.equal(summary.components.find((c) => c.id === 'instagram')?.group_id, 'group-meta');
    assert.ok(summary.components.every((c) => c.page_id === summary.page.id));
    const all = IncidentsDoc.parse((await get('/api/v2/incidents.json')).json());
    assert.deepEqual(
      all.incidents.map((i) => [i.id, i.status]),
      [
        [String(meta), 'investigating'],
        [String(google), 'resolved'],
      ],
    );
  });

  test('a provider is a page of its own; unknown providers are 404', async () => {
    const res = await get('/api/v2/providers/google/summary.json');
    const summary = Summary.parse(res.json());
    assert.equal(summary.page.id, 'provider-google');
    assert.ok(summary.components.every((c) => !c.group && c.group_id === null));
    assert.ok(summary.components.some((c) => c.id === 'youtube'));
    assert.deepEqual(summary.incidents, [], 'its incident is resolved');
    const incidents = IncidentsDoc.parse((await get('/api/v2/providers/google/incidents.json')).json());
    assert.deepEqual(
      incidents.incidents.map((i) => i.id),
      [String(google)],
    );
    assert.equal((await get('/api/v2/providers/nope/status.json')).statusCode, 404);
  });

  test('bodies are cached with an ETag and answer 304', async () => {
    const first = await get('/api/v2/components.json');
    const etag = String(first.headers.etag);
    assert.ok(etag.startsWith('"'));
    const again = await get('/api/v2/components.json', { 'if-none-match': etag });
    assert.equal(again.statusCode, 304);
  });

  test('RSS and Atom feeds parse with a real feed parser', async () => {
    const parser = new Parser();
    for (const format of ['rss', 'atom'] as const) {
      const res = await get(`/feeds/incidents.${format}`);
      assert.equal(res.statusCode, 200);
      assert.match(
        String(res.headers['content-type']),
        format === 'rss' ? /application\/rss\+xml/ : /application\/atom\+xml/,
      );
      const feed = await parser.parseString(res.body);
      assert.equal(feed.title, 'Downwatch incidents: all services');
      assert.deepEqual(
        feed.items.map((i) => i.link),
        [`https://downwatch.example/incidents/${meta}`, `https://downwatch.example/incidents/${google}`],
      );
      assert.equal(feed.items[1]?.title, '[Resolved] Problems with YouTube');
      assert.ok(
        feed.items[0]?.content?.includes('&lt;login&gt;') || feed.items[0]?.content?.includes('<login>'),
        format,
      );
      assert.ok(
        feed.items.every((i) => i.isoDate),
        `${format} items carry dates`,
      );
    }
    const one = await parser.parseString((await get('/feeds/services/instagram/incidents.atom')).body);
    assert.deepEqual(
      one.items.map((i) => i.link),
      [`https://downwatch.example/incidents/${meta}`],
    );
    const provider = await parser.parseString((await get('/feeds/providers/google/incidents.rss')).body);
    assert.equal(provider.items.length, 1);
    assert.equal((await get('/feeds/services/nope/incidents.rss')).statusCode, 404);
  });
});
