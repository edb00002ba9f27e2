import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { httpReceiver } from '../../alerts/channels/testing/http-receiver.ts';
import { createTestApp } from '../../app/testing/test-app.ts';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** promtool from Debian's prometheus package; missing is a skip locally and a failure on CI. */
function promtool(): { skip: string } | { path: string } {
  const found = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
  if (found.status === 0) return { path: 'promtool' };
  const reason = 'promtool not installed (apt-get install prometheus); skipping the exposition-format check';
  if (process.env.CI === 'true') throw new Error(`CI requires promtool: ${reason}`);
  return { skip: reason };
}

describe('/metrics', () => {
  let app: TestApp;
  let rx: Awaited<ReturnType<typeof httpReceiver>>;
  let now = Date.now();
  before(async () => {
    rx = await httpReceiver({ status: 500, body: 'down' });
    app = await createTestApp(
      { adminToken: 'test-admin-token-0123456789', alertsAllowPrivate: 'true', alertsMaxAttempts: 2 },
      { manualTicks: true, clock: { now: () => now } },
    );
    // Some of everything: reports counted and refused, a detector minute, a probe, failed deliveries.
    const post = (payload: object) =>
      app.server.inject({
        method: 'POST',
        url: '/api/v1/reports',
        payload,
        headers: { 'content-type': 'application/json' },
      });
    assert.equal((await post({ service: 'instagram', problem: 'login', country: 'ID' })).statusCode, 201);
    assert.equal((await post({ service: 'instagram', problem: 'teleport' })).statusCode, 422);
    assert.equal((await post({ service: 'nope', problem: 'login' })).statusCode, 404);
    await app.ctx.monitor.tick(now - 120_000);
    app.ctx.metrics.observeProbe({
      service: 'instagram',
      target: 'https://www.instagram.com/',
      vantage: 'local',
      ok: true,
      seconds: 0.12,
    });
    const sub = await app.server.inject({
      method: 'POST',
      url: '/api/v1/alerts/subscriptions',
      headers: { authorization: 'Bearer test-admin-token-0123456789' },
      payload: { channel: { kind: 'webhook', url: `${rx.url}/hook` }, service: 'facebook' },
    });
    assert.equal(sub.statusCode, 201);
    await app.ctx.incidents.openIncident(
      {
        groupKey: 'meta',
        title: 'Problems',
        impact: 'critical',
        startedAt: now,
        detectedAt: now,
        peakRate: 9,
      },
      {
        service: 'facebook',
        status: 'major_outage',
        startedAt: now,
        detectedAt: now,
        recoveredAt: null,
        peakAt: now,
        peakRate: 9,
      },
      { at: now, kind: 'opened', service: 'facebook', message: 'down' },
    );
    for (let i = 0; i < 4; i++) {
      await app.alerts.runOnce();
      now += 3_600_000;
    }
    await app.ctx.snapshot.refresh();
  });
  after(async () => {
    await app.cleanup();
    await rx.close();
  });

  test('counts intake, detector, deliveries and probes', async () => {
    const res = await app.server.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    const body = res.body;
    for (const line of [
      'downwatch_reports_total{outcome="counted"} 1',
      'downwatch_reports_rejected_total{reason="invalid"} 1',
      'downwatch_reports_rejected_total{reason="unknown_service"} 1',
      'downwatch_intake_commit_batch_reports_count 1',
      'downwatch_detector_ticks_total 1',
      'downwatch_services{status="operational"}',
      'downwatch_incidents_open 1',
      'downwatch_alert_deliveries_total{channel="webhook",outcome="retry"} 1',
      'downwatch_alert_deliveries_total{channel="webhook",outcome="dead"} 1',
      'downwatch_probe_checks_total{service="instagram",vantage="local",outcome="up"} 1',
      'nodejs_eventloop_lag_seconds',
    ])
      assert.ok(body.includes(line), `missing: ${line}`);
  });

  test('passes promtool check metrics', async (t) => {
    const tool = promtool();
    if ('skip' in tool) return t.skip(tool.skip);
    const body = (await app.server.inject({ method: 'GET', url: '/metrics' })).body;
    const r = spawnSync(tool.path, ['check', 'metrics'], { input: body, encoding: 'utf8' });
    assert.equal(r.status, 0, `promtool: ${r.stdout}${r.stderr}`);
    assert.equal(`${r.stdout}${r.stderr}`.trim(), '', 'no lint problems');
  });
});
