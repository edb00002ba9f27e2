import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp } from '../../app/testing/test-app.ts';
import { DAY, floorTo, MINUTE } from '../../shared/time.ts';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

describe('the incident archive: /incidents and the API filters', () => {
  let app: TestApp;
  const ids: number[] = [];
  // Resolved incidents on five days: instagram, whatsapp (both Meta) and telegram; one critical.
  const day0 = floorTo(Date.UTC(2026, 0, 10, 12), MINUTE);
  const plan = [
    { service: 'instagram', impact: 'major' as const },
    { service: 'whatsapp', impact: 'minor' as const },
    { service: 'telegram', impact: 'critical' as const },
    { service: 'instagram', impact: 'minor' as const },
    { service: 'telegram', impact: 'minor' as const },
  ];
  before(async () => {
    app = await createTestApp({ rateLimitPerMinute: 1000 });
    for (const [k, p] of plan.entries()) {
      const at = day0 + k * DAY;
      const svc = {
        service: p.service,
        status: 'partial_outage' as const,
        startedAt: at,
        detectedAt: at,
        recoveredAt: null,
        peakAt: at,
        peakRate: 3,
      };
      const id = await app.ctx.incidents.openIncident(
        { groupKey: `g${k}`, title: p.service, impact: p.impact, startedAt: at, detectedAt: at, peakRate: 3 },
        svc,
        { at, kind: 'opened', service: p.service, message: 'opened' },
      );
      assert.ok(id !== null);
      await app.ctx.incidents.resolveIncident(
        id,
        at + 40 * MINUTE,
        [{ ...svc, recoveredAt: at + 40 * MINUTE }],
        {
          at: at + 40 * MINUTE,
          kind: 'resolved',
          message: 'resolved',
        },
      );
      ids.push(id);
    }
    await app.ctx.snapshot.refresh();
  });
  after(() => app.cleanup());
  const get = (url: string) => app.server.inject({ url });
  const apiIds = async (q: string) => {
    const r = await get(`/api/v1/incidents?${q}`);
    assert.equal(r.statusCode, 200, r.body);
    const body: { incidents: { id: number }[]; next: string | null } = r.json();
    return body;
  };

  test('the API filters by service, provider, severity and days, newest first, and pages with next', async () => {
    assert.deepEqual(
      (await apiIds('service=instagram')).incidents.map((i) => i.id),
      [ids[3], ids[0]],
    );
    assert.deepEqual(
      (await apiIds('provider=meta')).incidents.map((i) => i.id),
      [ids[3], ids[1], ids[0]],
    );
    assert.deepEqual(
      (await apiIds('severity=critical')).incidents.map((i) => i.id),
      [ids[2]],
    );
    assert.deepEqual(
      (await apiIds('from=2026-01-11&to=2026-01-12')).incidents.map((i) => i.id),
      [ids[2], ids[1]],
      'both days included',
    );
    const first = await apiIds('limit=2');
    assert.deepEqual(
      first.incidents.map((i) => i.id),
      [ids[4], ids[3]],
    );
    assert.ok(first.next);
    const second = await apiIds(`limit=2&after=${first.next}`);
    assert.deepEqual(
      second.incidents.map((i) => i.id),
      [ids[2], ids[1]],
    );
    const third = await apiIds(`limit=2&after=${second.next}`);
    assert.deepEqual(
      third.incidents.map((i) => i.id),
      [ids[0]],
    );
    assert.equal(third.next, null, 'the last page says so');
  });

  test('bad filters answer problem+json on the API and a plain 400 page on the site', async () => {
    const r = await get('/api/v1/incidents?from=yesterday');
    assert.equal(r.statusCode, 422, 'invalid query, as the API answers elsewhere');
    assert.match(String(r.headers['content-type']), /application\/problem\+json/);
    const p = await get('/incidents?severity=apocalyptic&lang=en');
    assert.equal(p.statusCode, 400);
    assert.match(p.body, /These filters could not be read/);
    assert.doesNotMatch(p.body, /at .*\.ts:\d+/, 'no stack trace');
  });

  test("/incidents lists, filters and pages in the reader's language", async () => {
    const all = await get('/incidents?lang=en');
    assert.equal(all.statusCode, 200);
    assert.match(all.body, /<h1>Past incidents<\/h1>/);
    for (const id of ids) assert.ok(all.body.includes(`href="/incidents/${id}"`), `incident ${id} listed`);
    const meta = (await get('/incidents?provider=meta&lang=id')).body;
    assert.match(meta, /<h1>Insiden sebelumnya<\/h1>/);
    assert.ok(!meta.includes(`href="/incidents/${ids[2]}"`), 'telegram is not Meta');
    assert.ok(meta.includes(`href="/incidents/${ids[1]}"`));
    assert.match(meta, /<option value="meta" selected>/);
    const none = (await get('/incidents?service=instagram&severity=critical&lang=en')).body;
    assert.match(none, /No incident matches these filters\./);
    assert.equal((await get('/incidents?lang=en')).headers.etag, all.headers.etag, 'served from memory');
  });

  test('each incident page links the previous and next incident and the archive', async () => {
    const mid = (await get(`/incidents/${ids[2]}?lang=en`)).body;
    assert.ok(mid.includes(`<a rel="prev" href="/incidents/${ids[1]}">`));
    assert.ok(mid.includes(`<a rel="next" href="/incidents/${ids[3]}">`));
    assert.ok(mid.includes('<a href="/incidents">All past incidents</a>'));
    const newest = (await get(`/incidents/${ids[4]}?lang=en`)).body;
    assert.ok(!newest.includes('rel="next"'), 'the newest has no next');
  });
});
