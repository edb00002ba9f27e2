import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp } from '../../app/testing/test-app.ts';
import { floorTo, MINUTE } from '../../shared/time.ts';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

describe('reach: robots, sitemap, manifest, icon, canonical and share meta', () => {
  let app: TestApp;
  let incidentId = 0;
  const base = () => app.ctx.alerts.publicUrl;
  before(async () => {
    app = await createTestApp({ rateLimitPerMinute: 1000 });
    const at = floorTo(app.ctx.clock.now() - 30 * MINUTE, MINUTE);
    incidentId =
      (await app.ctx.incidents.openIncident(
        {
          groupKey: 'meta',
          title: 'Meta: Instagram',
          impact: 'major',
          startedAt: at,
          detectedAt: at,
          peakRate: 1,
        },
        {
          service: 'instagram',
          status: 'major_outage',
          startedAt: at,
          detectedAt: at,
          recoveredAt: null,
          peakAt: at,
          peakRate: 1,
        },
        { at, kind: 'opened', service: 'instagram', message: 'Instagram: major outage' },
      )) ?? 0;
    await app.ctx.snapshot.refresh();
  });
  after(() => app.cleanup());
  const get = (url: string) => app.server.inject({ url });

  test('robots.txt names the sitemap by its absolute URL and keeps the API out', async () => {
    const r = await get('/robots.txt');
    assert.equal(r.statusCode, 200);
    assert.match(String(r.headers['content-type']), /^text\/plain/);
    assert.ok(r.body.includes(`Sitemap: ${base()}/sitemap.xml`));
    assert.match(r.body, /^Disallow: \/api\/$/m);
  });

  test('the sitemap lists the home page, every service and every incident, absolute', async () => {
    const r = await get('/sitemap.xml');
    assert.equal(r.statusCode, 200);
    assert.match(String(r.headers['content-type']), /^application\/xml/);
    assert.ok(r.body.includes(`<loc>${base()}/</loc>`));
    assert.ok(r.body.includes(`<loc>${base()}/incidents</loc>`), 'the archive');
    for (const s of app.ctx.catalog.services)
      assert.ok(r.body.includes(`<loc>${base()}/status/${s.slug}</loc>`), s.slug);
    assert.ok(incidentId > 0);
    assert.ok(r.body.includes(`<loc>${base()}/incidents/${incidentId}</loc>`));
    assert.ok(r.headers.etag, 'cached like the pages');
    assert.equal(
      (await app.server.inject({ url: '/sitemap.xml', headers: { 'if-none-match': String(r.headers.etag) } }))
        .statusCode,
      304,
    );
  });

  test("the manifest is in the reader's language and the icon is served as SVG", async () => {
    const m = await get('/manifest.webmanifest?lang=id');
    assert.equal(m.statusCode, 200);
    const json: unknown = JSON.parse(m.body);
    assert.ok(typeof json === 'object' && json !== null);
    assert.equal(Reflect.get(json, 'lang'), 'id');
    assert.equal(Reflect.get(json, 'start_url'), '/');
    for (const url of ['/favicon.svg', '/favicon.ico']) {
      const r = await get(url);
      assert.equal(r.statusCode, 200, url);
      assert.match(String(r.headers['content-type']), /^image\/svg\+xml/);
      assert.match(r.body, /^<svg /);
    }
  });

  test('service and incident pages carry canonical, hreflang and Open Graph / Twitter meta in their language', async () => {
    const s = (await get('/status/instagram?lang=id')).body;
    assert.ok(s.includes(`<link rel="canonical" href="${base()}/status/instagram?lang=id">`));
    for (const l of ['en', 'id', 'hi', 'vi'])
      assert.ok(s.includes(`hreflang="${l}" href="${base()}/status/instagram?lang=${l}"`), l);
    assert.ok(s.includes(`hreflang="x-default" href="${base()}/status/instagram"`));
    assert.match(s, /<meta property="og:title" content="Instagram[^"]*— Downwatch">/);
    assert.match(s, /<meta property="og:description" content="Apakah Instagram down\?/);
    assert.match(s, /<meta name="twitter:card" content="summary">/);
    assert.match(s, /<link rel="manifest" href="\/manifest.webmanifest">/);
    const i = (await get(`/incidents/${incidentId}?lang=en`)).body;
    assert.ok(i.includes(`<meta property="og:url" content="${base()}/incidents/${incidentId}?lang=en">`));
    assert.match(i, /<meta name="twitter:description" content="[^"]*Instagram/);
    const home = (await get('/?lang=en')).body;
    assert.ok(home.includes(`<link rel="canonical" href="${base()}/?lang=en">`));
    assert.ok(!home.includes('og:title'), 'share cards are for service and incident pages');
  });
});
