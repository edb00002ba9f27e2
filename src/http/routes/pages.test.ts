import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp } from '../../app/testing/test-app.ts';
import { floorTo, MINUTE } from '../../shared/time.ts';
import { safeNext } from './pages.ts';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

describe('status site pages', () => {
  let app: TestApp;
  let incidentId = 0;
  before(async () => {
    app = await createTestApp({ rateLimitPerMinute: 1000 });
    const now = app.ctx.clock.now();
    const at = floorTo(now - 30 * MINUTE, MINUTE);
    await app.ctx.store.appendReports(
      Array.from({ length: 40 }, (_, i) => ({
        service: 'instagram',
        problem: i % 4 === 0 ? 'feed' : 'login',
        country: i % 2 ? 'ID' : 'IN',
        receivedAt: at + i * 1000,
        identity: `p${i}`,
        network: `n${i}`,
        source: 'web' as const,
      })),
    );
    const first = {
      service: 'instagram',
      status: 'major_outage' as const,
      startedAt: at,
      detectedAt: at + MINUTE,
      recoveredAt: null,
      peakAt: at + MINUTE,
      peakRate: 40,
    };
    incidentId =
      (await app.ctx.incidents.openIncident(
        {
          groupKey: 'meta',
          title: 'Meta: Instagram',
          impact: 'major',
          startedAt: at,
          detectedAt: at + MINUTE,
          peakRate: 40,
        },
        first,
        { at: at + MINUTE, kind: 'opened', service: 'instagram', message: 'Instagram: major outage' },
      )) ?? 0;
    await app.ctx.snapshot.refresh();
  });
  after(() => app.cleanup());

  const get = (url: string, headers: Record<string, string> = {}) => app.server.inject({ url, headers });
  /** The report form's anti-forgery token, as the page carries it. */
  const formToken = async (slug: string) => {
    const token = (await get(`/status/${slug}?lang=en`)).body.match(/name="token" value="([^"]+)"/)?.[1];
    assert.ok(token, 'the form carries a token');
    return token;
  };

  test('the no-JS report form refuses cross-site posts and posts without its token; nothing is counted', async () => {
    const token = await formToken('whatsapp');
    const post = (payload: string, headers: Record<string, string> = {}) =>
      app.server.inject({
        method: 'POST',
        url: '/status/whatsapp/report',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        payload,
      });
    const count = async () => (await app.ctx.store.recentReports({ service: 'whatsapp', limit: 50 })).length;
    const before = await count();
    const withToken = `problem=messaging&token=${encodeURIComponent(token)}`;
    const crossSite = await post(withToken, { origin: 'https://evil.example' });
    assert.equal(crossSite.statusCode, 403, 'a hostile page cannot use its visitors as a crowd');
    assert.match(String(crossSite.headers['content-type']), /application\/problem\+json/);
    assert.equal((await post(withToken, { 'sec-fetch-site': 'cross-site' })).statusCode, 403);
    assert.equal((await post(withToken, { referer: 'https://evil.example/page' })).statusCode, 403);
    const noToken = await post('problem=messaging', { origin: 'http://localhost:80' });
    assert.equal(noToken.statusCode, 303);
    assert.match(String(noToken.headers.location), /error=invalid/);
    const forged = await post(`problem=messaging&token=${Math.floor(Date.now() / 3_600_000)}.AAAA`);
    assert.match(String(forged.headers.location), /error=invalid/);
    const otherService = await formToken('facebook');
    const moved = await post(`problem=messaging&token=${encodeURIComponent(otherService)}`);
    assert.match(String(moved.headers.location), /error=invalid/, "another service's token does not fit");
    assert.equal(await count(), before, 'nothing counted');
    const same = await post(withToken, { origin: 'http://localhost:80', 'sec-fetch-site': 'same-origin' });
    assert.equal(same.statusCode, 303);
    assert.match(String(same.headers.location), /reported=messaging/);
    assert.equal(await count(), before + 1);
  });

  test('the language comes from ?lang=, then the cookie, then Accept-Language', async () => {
    const lang = (body: string) => body.match(/<html lang="([a-z]+)">/)?.[1];
    assert.equal(lang((await get('/', { 'accept-language': 'id-ID,id;q=0.9,en;q=0.5' })).body), 'id');
    assert.equal(lang((await get('/', { 'accept-language': 'fr, hi;q=0.4' })).body), 'hi');
    assert.equal(lang((await get('/', { 'accept-language': 'vi', cookie: 'x=1; lang=hi' })).body), 'hi');
    const explicit = await get('/status/instagram?lang=vi', { cookie: 'lang=hi' });
    assert.equal(lang(explicit.body), 'vi');
    // Every cached page varies by Accept-Encoding (it is sent compressed); only by language when
    // the URL does not name one.
    assert.equal(
      explicit.headers.vary,
      'Accept-Encoding',
      'a URL that names the language does not vary by it',
    );
    assert.equal((await get('/')).headers.vary, 'Accept-Language, Cookie, Accept-Encoding');
  });

  test('pages come from memory with an ETag and CDN-friendly caching; 304 when unchanged', async () => {
    const first = await get('/status/instagram?lang=en');
    assert.equal(first.statusCode, 200);
    assert.match(String(first.headers['cache-control']), /^public, max-age=5, stale-while-revalidate/);
    const etag = String(first.headers.etag);
    const again = await get('/status/instagram?lang=en', { 'if-none-match': etag });
    assert.equal(again.statusCode, 304);
    await app.ctx.snapshot.refresh();
    const rebuilt = await get('/status/instagram?lang=en', { 'if-none-match': etag });
    assert.equal(rebuilt.statusCode, 200, 'a rebuild renders the page again (updatedAt changed)');
  });

  test('the service page shows the verdict, counts, categories from the catalog, chart, map and incident', async () => {
    const body = (await get('/status/instagram?lang=id')).body;
    assert.match(body, /data-verdict="(no_problems|possible_problems|problems_detected)"/);
    assert.match(body, /data-count="reports24h">40</);
    assert.match(body, /value="login">Masuk\/Login</, 'category label from the catalog, in Indonesian');
    assert.match(body, /class="chart" role="img"/);
    assert.match(body, /#c-ID" class="map-shade/);
    assert.match(body, new RegExp(`href="/incidents/${incidentId}"`));
  });

  test('everything interpolated is escaped', async () => {
    const body = (await get('/?q=%3Cscript%3Ealert(1)%3C/script%3E&lang=en')).body;
    assert.ok(!body.includes('<script>alert(1)'));
    assert.match(body, /&lt;script&gt;alert\(1\)/);
  });

  test('search filters the home page; unknown pages answer HTML 404', async () => {
    const body = (await get('/?q=insta&lang=en')).body;
    assert.match(body, /data-slug="instagram"/);
    assert.doesNotMatch(body, /data-slug="netflix"/);
    const missing = await get('/status/no-such-service?lang=en');
    assert.equal(missing.statusCode, 404);
    assert.match(String(missing.headers['content-type']), /^text\/html/);
  });

  test('the report form posts urlencoded to the same verb and answers 303; the JSON API is unchanged', async () => {
    const token = await formToken('telegram');
    const form = (payload: string) =>
      app.server.inject({
        method: 'POST',
        url: '/status/telegram/report',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `${payload}&token=${encodeURIComponent(token)}`,
      });
    const ok = await form('problem=connection&lang=vi');
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, '/status/telegram?reported=connection&lang=vi');
    assert.equal((await app.ctx.store.recentReports({ service: 'telegram', limit: 5 })).length, 1);
    const bad = await form('problem=teleport');
    assert.equal(bad.statusCode, 303);
    assert.match(String(bad.headers.location), /error=invalid/);
    const thanks = await get('/status/telegram?reported=connection&lang=en');
    assert.match(thanks.body, /your report about “Server connection” was received/);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const api = await app.server.inject({
        method: 'POST',
        url: '/api/v1/reports',
        headers: { 'content-type': type },
        payload: 'service=telegram&problem=login',
      });
      assert.equal(api.statusCode, 415, type);
    }
  });

  test('the language switch remembers the choice and only returns to local pages', async () => {
    const res = await get('/lang?lang=hi&next=%2Fstatus%2Finstagram%3Flang%3Den');
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/status/instagram');
    assert.match(String(res.headers['set-cookie']), /^lang=hi; Path=\/; Max-Age=\d+; SameSite=Lax$/);
    for (const evil of [
      '//evil.example/x',
      'https://evil.example',
      '/\\evil.example',
      '/.//evil.example',
      '/%2e//evil.example',
      '/./\t/evil.example',
      '/\t/evil.example',
      undefined,
    ])
      assert.equal(safeNext(evil), '/', String(evil));
    const hop = await get('/lang?next=/.//evil.example');
    assert.equal(hop.headers.location, '/', 'a dot segment does not turn the path into another host');
    assert.equal(safeNext('/status/instagram?x=1'), '/status/instagram?x=1');
  });

  test('every HTML surface is a page of the site: its header, language switch, stylesheet and language', async () => {
    for (const [url, lang] of [
      ['/?lang=id', 'id'],
      ['/status/nope?lang=hi', 'hi'],
      ['/subscribe?lang=vi', 'vi'],
      ['/subscribe/confirm?token=unknown&lang=id', 'id'],
      ['/subscribe/unsubscribe?token=unknown&lang=hi', 'hi'],
      ['/api/v1/docs?lang=vi', 'vi'],
    ] as const) {
      const res = await get(url);
      assert.match(String(res.headers['content-type']), /^text\/html/, url);
      assert.match(res.body, new RegExp(`<html lang="${lang}">`), url);
      assert.match(res.body, /<header class="top">/, url);
      assert.match(res.body, /<select id="lang-select" name="lang">/, url);
      assert.match(res.body, /<link rel="stylesheet" href="\/assets\/site\.[\w-]+\.css">/, url);
      assert.match(res.body, /id="theme-toggle"/, url);
    }
    // Personal links stay out of search engines; the API documentation is translated around the document.
    assert.match(
      (await get('/subscribe/confirm?token=unknown')).body,
      /<meta name="robots" content="noindex">/,
    );
    const docs = (await get('/api/v1/docs?lang=vi')).body;
    assert.match(docs, /<h3>Tham số<\/h3>/);
    assert.match(docs, /<code>\/api\/v1\/reports<\/code>/);
  });

  test('every page carries CSP, nosniff, frame-ancestors and a referrer policy', async () => {
    for (const url of [
      '/',
      '/status/instagram',
      '/status/nope',
      `/incidents/${incidentId}`,
      `/incidents/${incidentId}.svg`,
      '/badge/instagram.svg',
      '/subscribe',
      '/api/v1/docs',
    ]) {
      const res = await get(url);
      const csp = String(res.headers['content-security-policy'] ?? '');
      assert.match(csp, /frame-ancestors 'none'/, url);
      assert.match(csp, /script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/, url);
      assert.doesNotMatch(csp, /script-src[^;]*unsafe-inline/, url);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
      assert.equal(res.headers['referrer-policy'], 'strict-origin-when-cross-origin', url);
      assert.equal(res.headers['x-frame-options'], 'DENY', url);
    }
    const report = await app.server.inject({
      method: 'POST',
      url: '/status/instagram/report',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `problem=login&token=${encodeURIComponent(await formToken('instagram'))}`,
    });
    assert.equal(report.headers['x-content-type-options'], 'nosniff', 'the form answer too');
  });

  test('the badge is a cached SVG with the verdict', async () => {
    const res = await get('/badge/instagram.svg?lang=vi');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^image\/svg\+xml/);
    assert.match(res.body, /Instagram/);
    assert.ok(res.headers.etag);
    assert.equal((await get('/badge/nope.svg')).statusCode, 404);
  });

  test('the incident page and its JSON, Markdown and SVG downloads', async () => {
    const page = await get(`/incidents/${incidentId}?lang=en`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Problems with Instagram/);
    const json = await get(`/incidents/${incidentId}.json`);
    assert.match(String(json.headers['content-type']), /^application\/json/);
    const data = JSON.parse(json.body) as {
      report: { totals: { reports: number } };
      series: { points: unknown[] };
    };
    assert.equal(data.report.totals.reports, 40);
    assert.ok(data.series.points.length > 0);
    const md = await get(`/incidents/${incidentId}.md?lang=en`);
    assert.match(String(md.headers['content-type']), /^text\/markdown/);
    assert.match(md.body, /^# Incident #\d+: Problems with Instagram/);
    assert.match(md.body, /\| Login \| 30 \| 75% \|/);
    const svg = await get(`/incidents/${incidentId}.svg`);
    assert.match(svg.body, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.equal((await get('/incidents/999999')).statusCode, 404);
    assert.equal((await get('/incidents/abc')).statusCode, 404);
    assert.equal((await get('/incidents/999999.json')).statusCode, 404);
  });

  test('assets are served under hashed names for a year', async () => {
    const home = (await get('/?lang=en')).body;
    const css = home.match(/href="(\/assets\/site\.[\w-]+\.css)"/)?.[1];
    assert.ok(css);
    const res = await get(css);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['cache-control']), /max-age=31536000, immutable/);
    assert.equal((await get('/assets/nope.css')).statusCode, 404);
  });
});
