import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp } from '../app/testing/test-app.ts';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

const post = (app: TestApp, body: unknown, headers: Record<string, string> = {}) =>
  app.server.inject({
    method: 'POST',
    url: '/api/v1/reports',
    headers: { 'content-type': 'application/json', ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('HTTP API', () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp({ adminToken: 'test-admin-token-0123456789', rateLimitPerMinute: 1000 });
  });
  after(() => app.cleanup());

  test('a report is committed and counted once per person per window', async () => {
    const first = await post(app, { service: 'instagram', problem: 'login', country: 'id' });
    assert.equal(first.statusCode, 201);
    const body = first.json();
    assert.equal(body.country, 'ID');
    assert.equal(body.counted, true);
    assert.match(body.window, /:(00|15|30|45):00\.000Z$/);
    const again = await post(app, { service: 'instagram', problem: 'feed' });
    assert.equal(again.json().counted, false);
    const stored = await app.ctx.store.reportsById([body.id]);
    assert.equal(stored[0]?.service, 'instagram');
  });

  test('errors are problem+json naming the field', async () => {
    const cases: [unknown, number, string][] = [
      [{ service: 'nope', problem: 'login' }, 404, 'service'],
      [{ service: 'instagram', problem: 'teleport' }, 422, 'problem'],
      [{ service: 'instagram', problem: 'login', country: 'XQ' }, 422, 'country'],
      [{ service: 'instagram', problem: 'login', extra: 1 }, 422, 'extra'],
      [{ service: 42, problem: 'login' }, 422, 'service'],
      [{ problem: 'login' }, 422, 'service'],
    ];
    for (const [body, status, field] of cases) {
      const res = await post(app, body);
      assert.equal(res.statusCode, status, JSON.stringify(body));
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      const p = res.json();
      assert.equal(p.status, status);
      assert.ok(p.requestId);
      assert.ok(
        p.errors.some((e: { field: string }) => e.field === field),
        `${JSON.stringify(p.errors)} names ${field}`,
      );
    }
  });

  test('broken JSON is 400, a large body 413, a wrong media type 415', async () => {
    assert.equal((await post(app, '{"service":')).statusCode, 400);
    assert.equal(
      (await post(app, JSON.stringify({ service: 'x'.repeat(10_000), problem: 'login' }))).statusCode,
      413,
    );
    const text = await app.server.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: { 'content-type': 'text/plain' },
      payload: 'hi',
    });
    assert.equal(text.statusCode, 415);
    assert.equal(text.json().status, 415);
  });

  test('unknown routes answer problem+json 404', async () => {
    const res = await app.server.inject({ method: 'GET', url: '/api/v1/nothing' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().title, 'Not Found');
  });

  test('status comes from the snapshot with an ETag and answers 304 when unchanged', async () => {
    await post(
      app,
      { service: 'facebook', problem: 'login', country: 'US' },
      { 'user-agent': 'status-test' },
    );
    await app.ctx.snapshot.refresh();
    const res = await app.server.inject({ method: 'GET', url: '/api/v1/services/facebook/status' });
    assert.equal(res.statusCode, 200);
    const s = res.json();
    assert.equal(s.status, 'operational');
    assert.ok(s.reports15m >= 1);
    assert.equal(s.topProblems[0].key, 'login');
    const etag = String(res.headers.etag);
    assert.match(String(res.headers['cache-control']), /max-age=\d+/);
    const again = await app.server.inject({
      method: 'GET',
      url: '/api/v1/services/facebook/status',
      headers: { 'if-none-match': etag },
    });
    assert.equal(again.statusCode, 304);
    const detail = (
      await app.server.inject({ method: 'GET', url: '/api/v1/services/facebook/detail' })
    ).json();
    assert.equal(detail.series.length, 96, '24 hours of 15-minute buckets');
    assert.ok(detail.series.at(-1).reports >= 1, 'the last bucket holds the report');
    assert.ok(
      detail.series.every((b: { expected: number }) => b.expected > 0),
      'a baseline band everywhere',
    );
    assert.equal(detail.current, null);
    const all = await app.server.inject({ method: 'GET', url: '/api/v1/status' });
    assert.ok(all.json().services.length >= 40);
  });

  test('signals are dense buckets split by problem', async () => {
    const res = await app.server.inject({
      method: 'GET',
      url: '/api/v1/services/instagram/signals?resolution=1m&hours=1&by=problem',
    });
    assert.equal(res.statusCode, 200);
    const s = res.json();
    assert.equal(s.points.length, 60);
    const total = s.points.reduce((n: number, p: { reports: number }) => n + p.reports, 0);
    assert.equal(total, 1);
    assert.equal(s.points.at(-1).values.login, 1);
    const bad = await app.server.inject({
      method: 'GET',
      url: '/api/v1/services/instagram/signals?resolution=1m&hours=100',
    });
    assert.equal(bad.statusCode, 422);
    assert.equal(bad.json().errors[0].field, 'hours');
  });

  test('bulk import needs the admin token and reports bad lines by number', async () => {
    const lines = [
      JSON.stringify({
        service: 'whatsapp',
        problem: 'messaging',
        at: '2024-03-05T15:20:00Z',
        country: 'IN',
        reporter: 'a',
      }),
      '{broken',
      JSON.stringify({ service: 'whatsapp', problem: 'nope', at: '2024-03-05T15:21:00Z' }),
      JSON.stringify({
        service: 'whatsapp',
        problem: 'messaging',
        at: Date.UTC(2024, 2, 5, 15, 22),
        reporter: 'a',
      }),
    ].join('\n');
    const denied = await app.server.inject({
      method: 'POST',
      url: '/api/v1/admin/reports/import',
      headers: { 'content-type': 'application/x-ndjson' },
      payload: lines,
    });
    assert.equal(denied.statusCode, 401);
    const res = await app.server.inject({
      method: 'POST',
      url: '/api/v1/admin/reports/import',
      headers: {
        'content-type': 'application/x-ndjson',
        authorization: 'Bearer test-admin-token-0123456789',
      },
      payload: lines,
    });
    assert.equal(res.statusCode, 200);
    const s = res.json();
    assert.deepEqual([s.lines, s.accepted, s.counted, s.rejected], [4, 2, 1, 2]);
    assert.deepEqual(
      s.errors.map((e: { line: number }) => e.line),
      [2, 3],
    );
    const series = await app.ctx.store.series({
      service: 'whatsapp',
      from: Date.UTC(2024, 2, 5),
      to: Date.UTC(2024, 2, 6),
      resolution: '1h',
      by: 'country',
    });
    assert.deepEqual(
      series.map((p) => [p.key, p.reports, p.repeats]),
      [
        ['IN', 1, 0],
        ['ZZ', 0, 1],
      ],
    );
  });

  test('the OpenAPI document lists every route with its schemas', async () => {
    const res = await app.server.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    const doc = res.json();
    assert.equal(doc.openapi, '3.1.0');
    const post = doc.paths['/api/v1/reports'].post;
    assert.equal(post.requestBody.content['application/json'].schema.$ref, '#/components/schemas/ReportBody');
    assert.deepEqual(doc.components.schemas.ReportBody.required.sort(), ['problem', 'service']);
    // every reference resolves inside the document
    for (const ref of JSON.stringify(doc).match(/"#\/components\/schemas\/[^"]+"/g) ?? []) {
      assert.ok(doc.components.schemas[ref.slice(22, -1)], `${ref} resolves`);
    }
    assert.ok(
      doc.paths['/api/v1/services/{slug}/signals'].get.parameters.some(
        (p: { name: string }) => p.name === 'resolution',
      ),
    );
    const docs = await app.server.inject({ method: 'GET', url: '/api/v1/docs' });
    assert.match(docs.body, /\/api\/v1\/reports/);
  });

  test('liveness and readiness', async () => {
    assert.equal((await app.server.inject({ method: 'GET', url: '/healthz' })).json().status, 'ok');
    const ready = await app.server.inject({ method: 'GET', url: '/readyz' });
    assert.equal(ready.statusCode, 200);
    assert.equal(ready.json().store, 'sqlite');
  });
});

describe('rate limit', () => {
  test('answers 429 with Retry-After once the bucket is empty', async () => {
    const app = await createTestApp({ rateLimitPerMinute: 4 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push(
          (await post(app, { service: 'x', problem: 'login' }, { 'user-agent': `u${i}` })).statusCode,
        );
      assert.deepEqual(statuses, [201, 201, 429, 429]);
      const res = await post(app, { service: 'x', problem: 'login' });
      assert.equal(res.statusCode, 429);
      assert.ok(Number(res.headers['retry-after']) >= 1);
      assert.equal(res.json().status, 429);
    } finally {
      await app.cleanup();
    }
  });

  test('IPv6 clients share one bucket per /64; IPv4 clients have one each', async () => {
    const app = await createTestApp({ rateLimitPerMinute: 4 });
    try {
      const from = (remoteAddress: string, i: number) =>
        app.server.inject({
          method: 'POST',
          url: '/api/v1/reports',
          remoteAddress,
          headers: { 'content-type': 'application/json', 'user-agent': `u${i}` },
          payload: JSON.stringify({ service: 'x', problem: 'login' }),
        });
      const v6: number[] = [];
      for (const [i, ip] of [
        '2001:db8:1:2::1',
        '2001:db8:1:2::2',
        '2001:db8:1:2:ffff::9',
        '2001:0db8:1:2::3',
      ].entries())
        v6.push((await from(ip, i)).statusCode);
      assert.deepEqual(v6, [201, 201, 429, 429], 'addresses of one /64 are one client');
      assert.equal((await from('2001:db8:1:3::1', 9)).statusCode, 201, 'the next /64 is another client');
      const v4: number[] = [];
      for (const [i, ip] of ['198.51.100.1', '198.51.100.2', '198.51.100.3'].entries())
        v4.push((await from(ip, i)).statusCode);
      assert.deepEqual(v4, [201, 201, 201], 'IPv4 addresses are limited one by one');
    } finally {
      await app.cleanup();
    }
  });
});

describe('admin token', () => {
  test('is accepted only as a Bearer credential', async () => {
    const token = 'test-admin-token-0123456789';
    const app = await createTestApp({ adminToken: token });
    try {
      const call = (authorization: string) =>
        app.server.inject({ method: 'GET', url: '/api/v1/alerts/deliveries', headers: { authorization } });
      assert.equal((await call(`Bearer ${token}`)).statusCode, 200);
      assert.equal(
        (await call(`bearer ${token}`)).statusCode,
        200,
        'the scheme is case-insensitive (RFC 9110)',
      );
      for (const bad of [token, `Basic ${token}`, `Bearer${token}`, `Token ${token}`]) {
        const res = await call(bad);
        assert.equal(res.statusCode, 401, bad);
        assert.match(String(res.headers['content-type']), /application\/problem\+json/);
      }
    } finally {
      await app.cleanup();
    }
  });
});

describe('clock steps', () => {
  test('a backward step of the wall clock does not make a reporter wait for minutes', async () => {
    // The app's clock as a raw wall clock would behave: it jumps ten minutes back mid-test.
    let offset = 0;
    const wall = { now: () => Date.now() - offset };
    const app = await createTestApp({ rateLimitPerMinute: 4 }, { clock: wall });
    try {
      const send = (ua: string) => post(app, { service: 'x', problem: 'login' }, { 'user-agent': ua });
      assert.equal((await send('a')).statusCode, 201);
      offset = 10 * 60_000;
      assert.equal((await send('b')).statusCode, 201, 'the burst is still there');
      const limited = await send('c');
      assert.equal(limited.statusCode, 429);
      assert.ok(
        Number(limited.headers['retry-after']) <= 15,
        `Retry-After ${limited.headers['retry-after']}`,
      );
    } finally {
      await app.cleanup();
    }
  });
});

describe('problem details', () => {
  test('say in a sentence what is wrong and name the field, not the validation library', async () => {
    const app = await createTestApp();
    try {
      const missing = (await post(app, { problem: 'login' })).json();
      assert.match(missing.detail, /service is required/);
      assert.deepEqual(
        missing.errors.find((e: { field: string }) => e.field === 'service'),
        { field: 'service', message: 'is required' },
      );
      const wrongType = (await post(app, { service: 42, problem: 'login' })).json();
      assert.match(wrongType.detail, /service must be text/);
      for (const p of [missing, wrongType])
        assert.doesNotMatch(JSON.stringify(p), /Invalid input|expected string|received/);
    } finally {
      await app.cleanup();
    }
  });
});
