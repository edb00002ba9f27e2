import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { IncidentsRepo } from '../incidents/incidents-repo.ts';
import { incidentsForTests } from '../incidents/testing/incidents-for-tests.ts';
import type { IncidentService } from '../incidents/types.ts';
import { ValidationError } from '../shared/errors.ts';
import { openSqlite } from '../store/sqlite/open-sqlite.ts';
import type { Store } from '../store/store.ts';
import { Alerts, type AlertsOptions } from './alerts.ts';
import { type Answer, httpReceiver } from './channels/testing/http-receiver.ts';
import type { AlertEvent } from './message.ts';
import { type AlertsStore, alertsStore } from './repo/alerts-store.ts';
import { createSubscription } from './subscriptions/create-subscription.ts';
import { builtinCatalog, T0 } from './testing/fixtures.ts';

const MINUTE = 60_000;
const service = (slug: string, at: number): IncidentService => ({
  service: slug,
  status: 'major_outage',
  startedAt: at,
  detectedAt: at,
  recoveredAt: null,
  peakAt: at,
  peakRate: 100,
});

describe('alerts: outbox → queue → channels, on a real store', () => {
  let dir: string;
  let store: Store;
  let incidents: IncidentsRepo;
  let repo: AlertsStore;
  let now = T0;
  const clock = { now: () => now };
  let group = 0;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dw-alerts-'));
    const opened = openSqlite(join(dir, 'a.sqlite'));
    store = opened.store;
    incidents = incidentsForTests(opened.sql);
    repo = alertsStore(opened.sql);
    await store.migrate();
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const engine = (over: Partial<AlertsOptions> = {}) =>
    new Alerts({
      repo,
      store,
      incidents,
      catalog: builtinCatalog(),
      clock,
      publicUrl: 'https://downwatch.example/',
      telegramApiUrl: 'https://api.telegram.org',
      allowPrivate: true,
      groupWaitMs: 30_000,
      groupIntervalMs: 5 * MINUTE,
      maxAttempts: 10,
      backoff: { baseMs: 10_000, capMs: 10 * MINUTE },
      random: () => 0.5,
      ...over,
    });
  /** Opens an incident the way the monitor does (the timeline row is the outbox). */
  const open = async (slug: string) => {
    group += 1;
    const id = await incidents.openIncident(
      {
        groupKey: `meta-${group}`,
        title: 'Problems',
        impact: 'critical',
        startedAt: now,
        detectedAt: now,
        peakRate: 100,
      },
      service(slug, now),
      { at: now, kind: 'opened', service: slug, message: `${slug} down` },
    );
    assert.ok(id);
    return id;
  };
  const subscribe = async (alerts: Alerts, url: string, over: Record<string, unknown> = {}) =>
    createSubscription(alerts.context, { channel: { kind: 'webhook', url }, provider: 'meta', ...over });
  /** Runs passes, moving the clock, until nothing is left to send (bounded). */
  const settle = async (alerts: Alerts, step = 10 * MINUTE, rounds = 30) => {
    for (let i = 0; i < rounds; i++) {
      await alerts.runOnce();
      if ((await alerts.context.alerts.queueDepth()).length === 0) return;
      now += step;
    }
  };

  test('a Meta-wide incident sends one message to a provider subscriber, not one per app', async (t) => {
    const rx = await httpReceiver({ status: 200 });
    t.after(() => rx.close());
    const alerts = engine();
    t.after(() => alerts.stop());
    const { subscription } = await subscribe(alerts, `${rx.url}/meta`);
    const incident = await open('facebook');
    await alerts.runOnce();
    now += 10_000;
    await incidents.updateIncident(
      incident,
      {
        title: 'Meta',
        impact: 'critical',
        status: 'investigating',
        peakAt: now,
        peakRate: 400,
        updatedAt: now,
      },
      ['instagram', 'whatsapp', 'messenger'].map((s) => service(s, now)),
      ['instagram', 'whatsapp', 'messenger'].map((s) => ({
        at: now,
        kind: 'service_added',
        service: s,
        message: s,
      })),
    );
    await alerts.runOnce();
    assert.equal(rx.received.length, 0, 'still inside the group wait');
    now += 30_000;
    await alerts.runOnce();
    assert.equal(rx.received.length, 1);
    const event = JSON.parse(rx.received[0]!.body) as AlertEvent;
    assert.equal(event.type, 'incident.opened');
    assert.deepEqual(event.data.incident.services.map((s) => s.service).sort(), [
      'facebook',
      'instagram',
      'messenger',
      'whatsapp',
    ]);
    assert.deepEqual(
      event.data.transitions.map((t) => t.kind),
      ['opened', 'service_added', 'service_added', 'service_added'],
    );
    assert.equal(event.data.subscription.id, subscription.id);
  });

  test('a receiver that fails three times, then succeeds, gets exactly one accepted delivery', async (t) => {
    const fail: Answer = { status: 500, body: 'boom' };
    const rx = await httpReceiver({ status: 200 });
    t.after(() => rx.close());
    rx.answers.push(fail, fail, fail);
    const alerts = engine();
    t.after(() => alerts.stop());
    const { subscription } = await subscribe(alerts, `${rx.url}/flaky`);
    await open('instagram');
    now += 30_000;
    await settle(alerts);
    const accepted = rx.received.filter((_r, i) => i >= 3);
    assert.equal(rx.received.length, 4, 'three failures and one success');
    assert.equal(accepted.length, 1, 'exactly one accepted');
    assert.equal(new Set(rx.received.map((r) => r.headers['webhook-id'])).size, 1, 'one id on every try');
    const [d] = await alerts.context.alerts.listDeliveries({ subscriptionId: subscription.id, limit: 10 });
    const log = await alerts.context.alerts.getDelivery(d!.id);
    assert.equal(log?.delivery.state, 'sent');
    assert.deepEqual(
      log?.attempts.map((a) => [a.ok, a.statusCode]),
      [
        [false, 500],
        [false, 500],
        [false, 500],
        [true, 200],
      ],
    );
    const gaps = log!.attempts.slice(1).map((a, i) => a.at - log!.attempts[i]!.at);
    assert.ok(
      gaps.every((g) => g >= 10_000),
      `backoff between tries: ${gaps}`,
    );
    now += 60 * MINUTE;
    await alerts.runOnce();
    assert.equal(rx.received.length, 4, 'never sent again');
  });

  test('a receiver that always fails ends in the dead letter, with the reason', async (t) => {
    const rx = await httpReceiver({ status: 503, body: 'maintenance' });
    t.after(() => rx.close());
    const alerts = engine({ maxAttempts: 4 });
    t.after(() => alerts.stop());
    const { subscription } = await subscribe(alerts, `${rx.url}/down`);
    await open('whatsapp');
    now += 30_000;
    await settle(alerts);
    assert.equal(rx.received.length, 4);
    const dead = await alerts.context.alerts.listDeliveries({
      subscriptionId: subscription.id,
      state: 'dead',
      limit: 10,
    });
    assert.equal(dead.length, 1);
    assert.equal(dead[0]!.lastError, 'HTTP 503: maintenance');
    assert.equal(dead[0]!.attempts, 4);
  });

  test('a receiver that refuses (4xx) goes to the dead letter at once', async (t) => {
    const rx = await httpReceiver({ status: 410, body: 'gone' });
    t.after(() => rx.close());
    const alerts = engine();
    t.after(() => alerts.stop());
    const { subscription } = await subscribe(alerts, `${rx.url}/gone`);
    await open('messenger');
    now += 30_000;
    await settle(alerts);
    assert.equal(rx.received.length, 1);
    const [d] = await alerts.context.alerts.listDeliveries({ subscriptionId: subscription.id, limit: 1 });
    assert.equal(d?.state, 'dead');
    assert.equal(d?.lastError, 'HTTP 410: gone');
  });

  test('transitions written while no alerts engine ran are still delivered (the timeline is the outbox)', async (t) => {
    const rx = await httpReceiver({ status: 200 });
    t.after(() => rx.close());
    const first = engine();
    t.after(() => first.stop());
    await subscribe(first, `${rx.url}/late`, { provider: undefined, service: 'threads' });
    await first.stop();
    await open('threads'); // the process "dies" here: nothing was queued yet
    const restarted = engine();
    t.after(() => restarted.stop());
    now += 30_000;
    await settle(restarted);
    assert.equal(rx.received.length, 1);
  });

  test('private receivers are refused by default, at creation and at delivery', async () => {
    const guarded = engine({ allowPrivate: false });
    for (const url of [
      'http://127.0.0.1:9/x',
      'http://10.1.2.3/x',
      'http://localhost:9/x',
      'http://[::1]:9/x',
    ]) {
      await assert.rejects(subscribe(guarded, url), (e: unknown) => {
        assert.ok(e instanceof ValidationError);
        assert.equal(e.issues[0]?.field, 'channel.url');
        assert.match(e.issues[0]?.message ?? '', /private or reserved/);
        return true;
      });
    }
    await guarded.stop();
  });
});
