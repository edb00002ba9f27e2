import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Check } from '../check.ts';
import { runCheck } from '../run-check.ts';
import { type Local, startDnsServer, startHttpServer, startHttpsServer } from '../testing/local-servers.ts';
import { SELF_SIGNED_CERT } from '../testing/self-signed.ts';

const check = (c: Record<string, unknown>): Check => Check.parse({ id: 'c', service: 'svc', ...c });
const allow = { allowPrivate: true };

describe('http checker', () => {
  let api: Local;
  let hits = 0;
  let policy = { allowPrivate: true };
  before(async () => {
    api = await startHttpServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://x');
      if (u.pathname === '/hop') {
        res.writeHead(302, { location: '/json' }).end();
      } else if (u.pathname === '/loop') {
        res.writeHead(302, { location: '/loop' }).end();
      } else if (u.pathname.startsWith('/to-private')) {
        // The first hop was allowed; from here on the operator's default policy holds.
        policy.allowPrivate = false;
        res.writeHead(302, { location: String(u.searchParams.get('to')) }).end();
      } else if (u.pathname === '/target') {
        hits++;
        res.end('reached');
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 'up', checks: [{ healthy: true }], version: '1.2' }));
      }
    });
  });
  after(() => api.close());

  test('follows redirects and reads the body as JSON; per-phase timings', async () => {
    const r = await runCheck(
      check({
        kind: 'http',
        url: `http://127.0.0.1:${api.port}/hop`,
        conditions: [
          '[STATUS] == 200 && [RESPONSE_TIME] < 60000',
          '[BODY].status == "up" && [BODY].checks[0].healthy == true',
          '[BODY] contains "version" && [HEADER:content-type] contains "json"',
        ],
      }),
      { policy: allow },
    );
    assert.equal(r.ok, true, r.message ?? '');
    assert.equal(r.facts.REDIRECTS, 1);
    assert.equal(r.facts.URL, `http://127.0.0.1:${api.port}/json`);
    assert.ok(r.timings.connect !== undefined && r.timings.firstByte !== undefined);
  });

  test('a failed JSON condition names the comparison and the value seen', async () => {
    const r = await runCheck(
      check({
        kind: 'http',
        url: `http://127.0.0.1:${api.port}/json`,
        conditions: '[BODY].status == "down"',
      }),
      { policy: allow },
    );
    assert.equal(r.ok, false);
    assert.equal(r.message, '[BODY].status == "down" (was "up")');
  });

  test('too many redirects fail the default rule', async () => {
    const r = await runCheck(
      check({ kind: 'http', url: `http://127.0.0.1:${api.port}/loop`, maxRedirects: 3 }),
      {
        policy: allow,
      },
    );
    assert.equal(r.ok, false);
    assert.equal(r.code, 'TOO_MANY_REDIRECTS');
    assert.equal(r.facts.REDIRECTS, 3);
  });

  test('each redirect hop is checked: a redirect to 127.0.0.1 or localhost is refused by default', async () => {
    for (const to of [`http://127.0.0.1:${api.port}/target`, `http://localhost:${api.port}/target`]) {
      policy = { allowPrivate: true };
      const r = await runCheck(
        check({ kind: 'http', url: `http://127.0.0.1:${api.port}/to-private?to=${encodeURIComponent(to)}` }),
        { policy },
      );
      assert.equal(r.ok, false);
      assert.equal(r.layer, 'policy', JSON.stringify(r));
      assert.equal(r.code, 'BLOCKED');
    }
    assert.equal(hits, 0, 'the private target never saw a request');
  });
});

describe('https checker against a self-signed server', () => {
  let s: Local;
  before(async () => {
    s = await startHttpsServer((_req, res) => res.end('ok'));
  });
  after(() => s.close());

  test('refused as untrusted by default, accepted with its CA or when insecure', async () => {
    const url = `https://127.0.0.1:${s.port}/`;
    const bad = await runCheck(check({ kind: 'http', url }), { policy: allow });
    assert.equal(bad.layer, 'tls');
    assert.match(bad.code ?? '', /SELF_SIGNED/);
    for (const extra of [{ ca: SELF_SIGNED_CERT }, { insecure: true }]) {
      const r = await runCheck(check({ kind: 'http', url, ...extra }), { policy: allow });
      assert.equal(r.ok, true, r.message ?? '');
      assert.ok(Number(r.facts.CERT_EXPIRY_DAYS) > 30_000);
      assert.ok(r.timings.tls !== undefined);
    }
  });
});

describe('tls checker', () => {
  let s: Local;
  before(async () => {
    s = await startHttpsServer((_req, res) => res.end('ok'));
  });
  after(() => s.close());
  const tls = (extra: Record<string, unknown>) =>
    check({ kind: 'tls', host: '127.0.0.1', port: s.port, ca: SELF_SIGNED_CERT, ...extra });

  test('reports the chain, expiry and version', async () => {
    const r = await runCheck(tls({}), { policy: allow });
    assert.equal(r.ok, true, r.message ?? '');
    assert.equal(r.facts.CERT_VALID, true);
    assert.equal(r.facts.CERT_SUBJECT, 'localhost');
    assert.match(String(r.facts.TLS_VERSION), /^TLSv1\.[23]$/);
  });

  test('an untrusted chain, a wrong name and a near expiry each fail with their reason', async () => {
    const untrusted = await runCheck(tls({ ca: undefined }), { policy: allow });
    assert.equal(untrusted.code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
    const name = await runCheck(tls({ servername: 'example.com' }), { policy: allow });
    assert.equal(name.code, 'CERT_NAME_MISMATCH');
    const soon = await runCheck(tls({ minDaysLeft: 100_000 }), { policy: allow });
    assert.equal(soon.code, 'CERT_EXPIRES_SOON');
    const cond = await runCheck(tls({ conditions: '[CERT_EXPIRY_DAYS] > 40000' }), { policy: allow });
    assert.equal(cond.layer, 'condition');
  });
});

describe('dns checker', () => {
  test('answers, SERVFAIL, NXDOMAIN and silence, from the chosen resolver', async () => {
    const servers = await Promise.all([
      startDnsServer('answer', ['192.0.2.7', '192.0.2.8']),
      startDnsServer('servfail'),
      startDnsServer('nxdomain'),
      startDnsServer('silent'),
    ]);
    try {
      const at = (i: number, extra: Record<string, unknown> = {}) =>
        runCheck(
          check({ kind: 'dns', name: 'facebook.com', resolver: `127.0.0.1:${servers[i]!.port}`, ...extra }),
          { policy: allow },
        );
      const ok = await at(0, { conditions: '[ANSWERS] contains "192.0.2.8" && [ANSWER_COUNT] == 2' });
      assert.equal(ok.ok, true, ok.message ?? '');
      assert.equal(ok.facts.RCODE, 'NOERROR');
      const servfail = await at(1);
      assert.deepEqual(
        [servfail.ok, servfail.layer, servfail.code, servfail.facts.RCODE],
        [false, 'dns', 'SERVFAIL', 'SERVFAIL'],
      );
      assert.match(servfail.message ?? '', /facebook\.com A via 127\.0\.0\.1:\d+: answered SERVFAIL/);
      const nx = await at(2);
      assert.equal(nx.code, 'NXDOMAIN');
      const expectNx = await at(2, { conditions: '[RCODE] == "NXDOMAIN"' });
      assert.equal(expectNx.ok, true, 'a condition may expect a name not to exist');
      const silent = await at(3, { timeout: 0.3 });
      assert.equal(silent.code, 'TIMEOUT');
      assert.equal(silent.facts.RCODE, null);
      assert.ok(servers[3]!.queries >= 1);
    } finally {
      await Promise.all(servers.map((s) => s.close()));
    }
  });

  test('a resolver on a private address is refused by default', async () => {
    const r = await runCheck(check({ kind: 'dns', name: 'x.test', resolver: '127.0.0.1:53' }), {
      policy: { allowPrivate: false },
    });
    assert.deepEqual([r.layer, r.code], ['policy', 'BLOCKED']);
  });
});
