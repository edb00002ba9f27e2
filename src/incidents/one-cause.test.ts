import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MINUTE } from '../shared/time.ts';
import { decide, type Effect, type Grouping, type ServiceReading, titleOf } from './decide.ts';
import type { Incident } from './types.ts';

/** Four providers behind one CDN, one of them also on a cloud; "solo" depends on nothing. */
const DEPS: Record<string, string[]> = {
  chat: ['cdn'],
  shop: ['cdn'],
  social: ['cdn', 'cloud'],
  music: ['cloud'],
  solo: [],
};
const NAME: Record<string, string> = {
  cdn: 'Cloudflare',
  cloud: 'Google Cloud',
  chat: 'Chat',
  shop: 'Shop',
  social: 'Social',
  music: 'Music',
  solo: 'Solo',
};
const g: Grouping = {
  groupOf: (s) => `${s}-co`,
  related: () => [],
  serviceName: (s) => NAME[s] ?? s,
  groupName: (k) => k,
  dependsOn: (s) => DEPS[s] ?? [],
};
const T = Date.UTC(2026, 5, 12, 11, 21);
const v = (service: string, over: Partial<ServiceReading> = {}): ServiceReading => ({
  service,
  status: 'major_outage',
  observed: 30,
  expected: 1,
  since: T,
  evidence: [],
  ...over,
});

/** Applies open effects the way the store would: ids from 1, the open's first service. */
function opened(effects: Effect[], t: number): Incident[] {
  return effects.flatMap((e, i) =>
    e.kind === 'open'
      ? [
          {
            id: i + 1,
            groupKey: e.groupKey,
            title: e.title,
            status: 'investigating' as const,
            impact: e.impact,
            startedAt: e.startedAt,
            detectedAt: t + MINUTE,
            peakAt: t,
            peakRate: e.peakRate,
            resolvedAt: null,
            updatedAt: t,
            services: [e.first],
          },
        ]
      : [],
  );
}

test('services behind one dependency that start together join one incident titled by the cause', () => {
  const first = decide([], [v('chat'), v('shop'), v('social')], T, g);
  assert.deepEqual(
    first.map((e) => e.kind),
    ['open'],
    'one opens; the others share its cause and join on the next tick instead of opening their own',
  );
  const open = opened(first, T);
  const next = decide(open, [v('chat'), v('shop'), v('social')], T + MINUTE, g);
  const update = next.find((e) => e.kind === 'update');
  assert.ok(update && update.kind === 'update');
  assert.deepEqual(update.services.map((s) => s.service).sort(), ['shop', 'social']);
  assert.equal(update.title, 'Cloudflare, and 3 services behind it');
  assert.deepEqual(
    update.events.filter((e) => e.kind === 'service_added').map((e) => e.service),
    ['shop', 'social'],
    "each service's own timeline rows",
  );
});

test('the same probe failure joins services without a declared dependency; the title says the failure', () => {
  const sig = { probeSignature: 'http:HTTP_500', probesDown: true };
  const open = opened(decide([], [v('music', sig), v('solo', sig)], T, g), T);
  assert.equal(open.length, 1);
  const next = decide(open, [v('music', sig), v('solo', sig)], T + MINUTE, g);
  const update = next.find((e) => e.kind === 'update');
  assert.ok(update && update.kind === 'update');
  assert.equal(update.title, 'HTTP 500 from 2 services: Music, Solo');
});

test('services that only share a dependency but start far apart stay separate, as do unrelated failures', () => {
  const early = opened(
    decide([], [v('chat', { since: T - 40 * MINUTE })], T - 40 * MINUTE, g),
    T - 40 * MINUTE,
  );
  const later = decide(early, [v('chat', { since: T - 40 * MINUTE }), v('shop')], T, g);
  assert.ok(
    later.some((e) => e.kind === 'open' && e.first.service === 'shop'),
    '40 minutes apart: a new incident',
  );
  const apart = decide(
    [],
    [v('music', { probeSignature: 'http:HTTP_500' }), v('solo', { probeSignature: 'dns:SERVFAIL' })],
    T,
    g,
  );
  assert.equal(apart.filter((e) => e.kind === 'open').length, 2);
});

test('titles: one provider keeps its name, several providers behind one cause are named by it', () => {
  assert.equal(titleOf('chat-co', ['chat'], g), 'Problems with Chat');
  assert.equal(titleOf('cdn-co', ['cdn', 'chat', 'shop'], g), 'Cloudflare, and 2 services behind it');
  assert.equal(titleOf('chat-co', ['chat', 'solo'], g), 'chat-co: Chat, Solo');
});
