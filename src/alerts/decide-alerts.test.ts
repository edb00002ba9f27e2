import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideAlerts, type MatchContext } from './decide-alerts.ts';
import { incidentService, metaIncident, subscriptionRecord, T0 } from './testing/fixtures.ts';
import type { OutboxEvent, SubscriptionRecord, Thread } from './types.ts';

const NOW = T0 + 61_000;
const ctx = (over: Partial<MatchContext> = {}): MatchContext => ({
  providerOf: (slug) =>
    ['facebook', 'instagram', 'whatsapp', 'messenger', 'threads'].includes(slug) ? 'meta' : slug,
  categories: new Set(['login']),
  now: NOW,
  groupWaitMs: 30_000,
  groupIntervalMs: 300_000,
  ...over,
});
const event = (kind: string, service: string | null = 'facebook', id = 1): OutboxEvent => ({
  id,
  incidentId: 7,
  at: T0 + 60_000,
  kind,
  service,
});
const sub = (over: Partial<SubscriptionRecord>) => subscriptionRecord({ timeZone: 'UTC', ...over });
const firing = (subscriptionId: number, lastDueAt = T0): Map<number, Thread> =>
  new Map([[subscriptionId, { incidentId: 7, subscriptionId, state: 'firing', lastDueAt }]]);

test('a provider subscriber hears "opened" once, after the group wait', () => {
  const [c, ...rest] = decideAlerts(event('opened'), metaIncident(), [sub({ id: 1 })], new Map(), ctx());
  assert.equal(rest.length, 0);
  assert.deepEqual(c, {
    subscriptionId: 1,
    channel: 'webhook',
    transition: { event: 1, kind: 'opened', at: T0 + 60_000, service: 'facebook' },
    state: 'firing',
    dueAt: NOW + 30_000,
  });
});

test('scope: a service subscriber hears only about their service; other providers nothing', () => {
  const subs = [
    sub({ id: 1, scope: { kind: 'service', value: 'whatsapp' } }),
    sub({ id: 2, scope: { kind: 'service', value: 'instagram' } }),
    sub({ id: 3, scope: { kind: 'provider', value: 'google' } }),
    sub({ id: 4, scope: { kind: 'all', value: '' } }),
  ];
  const out = decideAlerts(event('opened'), metaIncident(), subs, new Map(), ctx());
  assert.deepEqual(
    out.map((c) => [c.subscriptionId, c.transition.kind, c.transition.service]),
    [
      [2, 'opened', 'instagram'],
      [4, 'opened', 'facebook'],
    ],
  );
});

test('category subscribers match the incident’s main problems only', () => {
  const s = [sub({ id: 1, scope: { kind: 'category', value: 'login' } })];
  assert.equal(decideAlerts(event('opened'), metaIncident(), s, new Map(), ctx()).length, 1);
  assert.equal(
    decideAlerts(event('opened'), metaIncident(), s, new Map(), ctx({ categories: new Set(['feed']) }))
      .length,
    0,
  );
});

test('minimum severity: nothing until the services followed reach it, then "opened"', () => {
  const s = [sub({ id: 1, minSeverity: 'critical' })];
  const mild = metaIncident({
    services: [incidentService('facebook', { status: 'partial_outage' })],
  });
  assert.deepEqual(decideAlerts(event('opened'), mild, s, new Map(), ctx()), []);
  const worse = metaIncident({ services: [incidentService('facebook')] });
  const [c] = decideAlerts(event('escalated'), worse, s, new Map(), ctx());
  assert.equal(c?.transition.kind, 'opened');
});

test('while firing: follow-ups about followed services, then "resolved" once they all recovered', () => {
  const s = [sub({ id: 1 })];
  const [added] = decideAlerts(event('service_added', 'instagram'), metaIncident(), s, firing(1), ctx());
  assert.equal(added?.transition.kind, 'service_added');
  assert.equal(added?.dueAt, T0 + 300_000, 'group interval after the previous message');
  assert.deepEqual(decideAlerts(event('improving', 'instagram'), metaIncident(), s, firing(1), ctx()), []);
  const recovered = metaIncident({
    services: [
      incidentService('facebook', { recoveredAt: NOW, status: 'operational' }),
      incidentService('instagram', { recoveredAt: NOW, status: 'operational' }),
    ],
  });
  const [done] = decideAlerts(event('service_recovered'), recovered, s, firing(1), ctx());
  assert.equal(done?.transition.kind, 'resolved');
  assert.equal(done?.state, 'resolved');
});

test('no "resolved" for what a subscriber was never told; "relapse" after a resolved thread', () => {
  const s = [sub({ id: 1 })];
  const resolved = metaIncident({ resolvedAt: NOW });
  assert.deepEqual(decideAlerts(event('resolved', null), resolved, s, new Map(), ctx()), []);
  const thread = new Map<number, Thread>([
    [1, { incidentId: 7, subscriptionId: 1, state: 'resolved', lastDueAt: T0 }],
  ]);
  const [again] = decideAlerts(event('relapse'), metaIncident(), s, thread, ctx());
  assert.equal(again?.transition.kind, 'relapse');
});

test('quiet hours hold the alert until they end in the subscriber’s zone', () => {
  // NOW + 30 s is 22:40 in Jakarta; quiet 22:00–07:00 there ends at 00:00 UTC.
  const s = [sub({ id: 1, timeZone: 'Asia/Jakarta', quietHours: { from: 22 * 60, to: 7 * 60 } })];
  const [c] = decideAlerts(event('opened'), metaIncident(), s, new Map(), ctx());
  assert.equal(c?.dueAt, Date.UTC(2024, 2, 6, 0, 0));
});
