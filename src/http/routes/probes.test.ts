import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestApp } from '../../app/testing/test-app.ts';
import type { ProbeResult } from '../../probes/result.ts';
import { startHttpServer } from '../../probes/testing/local-servers.ts';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
const ADMIN = 'test-admin-token-0123456789';

const result = (id: string, over: Partial<ProbeResult> = {}): ProbeResult => ({
  id,
  check: 'facebook:dns:facebook.com',
  service: 'facebook',
  kind: 'dns',
  at: Date.now() - 1_000,
  ok: false,
  layer: 'dns',
  code: 'SERVFAIL',
  message: 'facebook.com A: answered SERVFAIL',
  attempts: 1,
  timings: { dns: 3, total: 3 },
  facts: { RCODE: 'SERVFAIL' },
  ...over,
});

describe('probe agents over HTTP', () => {
  let app: TestApp;
  let dir = '';
  before(async () => {
    // The checks handed to agents: a result counts only for one of them (issue 20).
    dir = mkdtempSync(join(tmpdir(), 'dw-agent-checks-'));
    const file = join(dir, 'checks.yaml');
    writeFileSync(
      file,
      'checks:\n  - { id: "facebook:dns:facebook.com", service: facebook, kind: dns, name: facebook.com }\n  - { id: ctl, control: true, kind: tcp, host: example.org, port: 443 }\n',
    );
    app = await createTestApp({ adminToken: ADMIN, probesFile: file });
  });
  after(async () => {
    await app.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });
  const call = (method: 'GET' | 'POST', url: string, token?: string, body?: unknown) =>
    app.server.inject({
      method,
      url,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });

  test('register, fetch checks, push results idempotently, revoke', async () => {
    assert.equal((await call('POST', '/api/v1/admin/agents', undefined, { name: 'ams-1' })).statusCode, 401);
    assert.equal((await call('POST', '/api/v1/admin/agents', ADMIN, { name: 'local' })).statusCode, 422);
    const made = await call('POST', '/api/v1/admin/agents', ADMIN, { name: 'ams-1', country: 'NL' });
    assert.equal(made.statusCode, 201);
    const { agent, token } = made.json();
    assert.match(token, /^dwa_[0-9a-f]{16}_/);
    assert.equal((await call('POST', '/api/v1/admin/agents', ADMIN, { name: 'ams-1' })).statusCode, 422);
    const stored = await app.ctx.probes.repo.agentById(agent.id);
    assert.ok(stored && !JSON.stringify(stored).includes(token), 'only a hash of the token is stored');

    const checks = await call('GET', '/api/v1/agent/checks', token);
    assert.equal(checks.statusCode, 200);
    assert.deepEqual(
      checks.json().checks.map((c: { id: string }) => c.id),
      ['facebook:dns:facebook.com', 'ctl'],
    );
    assert.equal(checks.json().vantage, 'ams-1');
    assert.equal((await call('GET', '/api/v1/agent/checks', `${token.slice(0, -2)}xx`)).statusCode, 401);

    const vantage = { name: 'Amsterdam 1', country: 'NL', network: 'AS1136' };
    // One result for an unknown service: the whole batch is refused and nothing of it is stored.
    const mixed = await call('POST', '/api/v1/agent/results', token, {
      vantage,
      results: [result('res-00000001'), result('res-00000003', { service: 'no-such' })],
    });
    assert.equal(mixed.statusCode, 403, mixed.body);
    assert.deepEqual(await app.ctx.probes.repo.counts('ams-1'), { results: 0, signals: 0 });
    const batch = { vantage, results: [result('res-00000001'), result('res-00000002')] };
    const first = await call('POST', '/api/v1/agent/results', token, batch);
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(first.json(), { accepted: 2, duplicates: 0, rejected: 0 });
    const again = await call('POST', '/api/v1/agent/results', token, batch);
    assert.deepEqual(again.json(), { accepted: 0, duplicates: 2, rejected: 0 }, 'a resend counts once');
    assert.deepEqual(await app.ctx.probes.repo.counts('ams-1'), { results: 2, signals: 2 });
    const bad = await call('POST', '/api/v1/agent/results', token, { results: [{ id: 'x' }] });
    assert.equal(bad.statusCode, 422);

    const list = (await call('GET', '/api/v1/admin/agents', ADMIN)).json();
    assert.deepEqual(list.agents[0].reported, batch.vantage);
    assert.ok(list.agents[0].lastSeenAt);

    const probes = await call('GET', '/api/v1/services/facebook/probes');
    assert.equal(probes.statusCode, 200);
    const view = probes.json();
    assert.equal(view.vantages[0].vantage, 'ams-1');
    assert.equal(view.vantages[0].country, 'NL');
    assert.equal(view.vantages[0].network, 'AS1136');
    assert.equal(view.vantages[0].checks[0].code, 'SERVFAIL');
    assert.equal((await call('GET', '/api/v1/services/nope/probes')).statusCode, 404);

    const revoked = await call('POST', `/api/v1/admin/agents/${agent.id}/revoke`, ADMIN);
    assert.equal(revoked.statusCode, 200);
    assert.ok(revoked.json().agent.revokedAt);
    const refused = await call('POST', '/api/v1/agent/results', token, batch);
    assert.equal(refused.statusCode, 401);
    assert.match(refused.json().detail, /revoked/);
    assert.equal((await call('POST', '/api/v1/admin/agents/999/revoke', ADMIN)).statusCode, 404);
  });

  test('an agent is scoped: its own checks, its own place, the server clock; refused batches store nothing', async () => {
    const made = (
      await call('POST', '/api/v1/admin/agents', ADMIN, { name: 'fra-1', country: 'DE', network: 'AS3320' })
    ).json();
    const token: string = made.token;
    const send = (results: ProbeResult[], vantage: Record<string, string> = { country: 'DE' }) =>
      call('POST', '/api/v1/agent/results', token, { vantage, results });
    const cases: [string, Promise<{ statusCode: number; body: string }>, number, RegExp][] = [
      [
        'another service (WhatsApp) under a real check id',
        send([result('fra-00000001', { service: 'whatsapp' })]),
        403,
        /not a dns check of whatsapp/,
      ],
      [
        'a check id that was never given out',
        send([result('fra-00000002', { check: 'whatsapp:dns:whatsapp.com', service: 'whatsapp' })]),
        403,
        /not one of the checks given/,
      ],
      [
        'the right check with another kind',
        send([result('fra-00000003', { kind: 'http' })]),
        403,
        /not a http check/,
      ],
      [
        'dated five minutes ahead',
        send([result('fra-00000004', { at: Date.now() + 5 * 60_000 })]),
        422,
        /ahead of the server's clock/,
      ],
      ['from another country', send([result('fra-00000005')], { country: 'US' }), 403, /registered in DE/],
      ['from another network', send([result('fra-00000006')], { network: 'AS15169' }), 403, /network AS3320/],
    ];
    for (const [what, pending, status, re] of cases) {
      const res = await pending;
      assert.equal(res.statusCode, status, `${what}: ${res.body}`);
      assert.match(JSON.parse(res.body).detail + JSON.stringify(JSON.parse(res.body).errors ?? []), re, what);
    }
    assert.deepEqual(await app.ctx.probes.repo.counts('fra-1'), { results: 0, signals: 0 }, 'stored nowhere');
    const agents = (await call('GET', '/api/v1/admin/agents', ADMIN)).json().agents;
    assert.equal(
      agents.find((a: { name: string }) => a.name === 'fra-1').lastSeenAt,
      null,
      'not even "seen"',
    );
    const ok = await send([
      result('fra-00000007', { at: Date.now() + 10_000 }),
      result('fra-00000008', { check: 'ctl', service: '@control', kind: 'tcp' }),
    ]);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().accepted, 2, 'a few seconds of clock skew and the control check are fine');
  });

  test('agent tokens rotate: the new one works, the old one is refused; only as Bearer', async () => {
    const made = (await call('POST', '/api/v1/admin/agents', ADMIN, { name: 'sin-1' })).json();
    assert.equal((await call('GET', '/api/v1/agent/checks', made.token)).statusCode, 200);
    const bare = await app.server.inject({
      method: 'GET',
      url: '/api/v1/agent/checks',
      headers: { authorization: made.token },
    });
    assert.equal(bare.statusCode, 401, 'a token without the Bearer scheme is refused');
    const rotated = await call('POST', `/api/v1/admin/agents/${made.agent.id}/rotate`, ADMIN);
    assert.equal(rotated.statusCode, 200, rotated.body);
    const fresh: string = rotated.json().token;
    assert.notEqual(fresh, made.token);
    assert.equal((await call('GET', '/api/v1/agent/checks', made.token)).statusCode, 401);
    assert.equal((await call('GET', '/api/v1/agent/checks', fresh)).json().vantage, 'sin-1');
    await call('POST', `/api/v1/admin/agents/${made.agent.id}/revoke`, ADMIN);
    assert.equal((await call('POST', `/api/v1/admin/agents/${made.agent.id}/rotate`, ADMIN)).statusCode, 403);
    assert.equal((await call('POST', '/api/v1/admin/agents/9999/rotate', ADMIN)).statusCode, 404);
  });

  test('the routes are in the OpenAPI document', async () => {
    const doc = (await call('GET', '/api/v1/openapi.json')).json();
    for (const p of [
      '/api/v1/agent/checks',
      '/api/v1/agent/results',
      '/api/v1/admin/agents',
      '/api/v1/services/{slug}/probes',
    ])
      assert.ok(doc.paths[p], p);
  });
});

describe('the server as a vantage point', () => {
  test('private targets are refused by default (by address and by a name resolving to 127.0.0.1); allowed when configured', async () => {
    let hits = 0;
    const target = await startHttpServer((_req, res) => {
      hits++;
      res.end('ok');
    });
    const dir = mkdtempSync(join(tmpdir(), 'dw-checks-'));
    const file = join(dir, 'checks.yaml');
    writeFileSync(
      file,
      `checks:
  - { id: by-ip, service: facebook, kind: http, url: "http://127.0.0.1:${target.port}/", interval: 1 }
  - { id: by-name, service: facebook, kind: http, url: "http://localhost:${target.port}/", interval: 1 }
  - { id: tcp-by-name, service: facebook, kind: tcp, host: localhost, port: ${target.port}, interval: 1 }
`,
    );
    const wait = async (a: TestApp, n: number) => {
      for (let i = 0; i < 100 && (await a.ctx.probes.repo.counts('local')).results < n; i++) {
        await sleep(50);
        await a.ctx.probes.flush();
      }
    };
    try {
      // The node's own scheduler runs only with wall-clock ticks (it is a leader role).
      const denied = await createTestApp({ probesFile: file }, { manualTicks: false });
      try {
        await wait(denied, 3);
        const rows = await denied.ctx.probes.repo.latest('facebook', 0);
        assert.deepEqual(rows.map((r) => [r.check, r.layer, r.code]).sort(), [
          ['by-ip', 'policy', 'BLOCKED'],
          ['by-name', 'policy', 'BLOCKED'],
          ['tcp-by-name', 'policy', 'BLOCKED'],
        ]);
      } finally {
        await denied.cleanup();
      }
      assert.equal(hits, 0, 'the target never saw a request');
      const allowed = await createTestApp(
        { probesFile: file, allowPrivateTargets: 'true' },
        { manualTicks: false },
      );
      try {
        await wait(allowed, 3);
        const rows = await allowed.ctx.probes.repo.latest('facebook', 0);
        assert.ok(rows.length === 3 && rows.every((r) => r.ok), JSON.stringify(rows));
      } finally {
        await allowed.cleanup();
      }
      assert.ok(hits > 0);
    } finally {
      await target.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
