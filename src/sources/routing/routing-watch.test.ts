import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RoutingWatch } from './routing-watch.ts';

const T = Date.UTC(2021, 9, 4, 15, 39) / 1000;
const meta = [
  {
    slug: 'facebook',
    provider: 'meta',
    providerName: 'Meta',
    asns: [32934],
    prefixes: [
      { prefix: '129.134.30.0/23', label: "Meta's authoritative DNS servers" },
      { prefix: '157.240.0.0/16' },
    ],
  },
  { slug: 'instagram', provider: 'meta', providerName: 'Meta', asns: [32934], prefixes: [] },
];
const update = (o: Partial<Parameters<RoutingWatch['handle']>[0]>) => ({
  timestamp: T,
  peer: '198.51.100.1',
  path: [],
  announcements: [],
  withdrawals: [],
  ...o,
});

test('subscribes to the ASN paths and to the prefixes (withdrawals carry no path)', () => {
  const w = new RoutingWatch(meta);
  assert.deepEqual(w.subscriptions(), [
    { type: 'UPDATE', path: '32934$' },
    { type: 'UPDATE', prefix: '129.134.30.0/23', moreSpecific: true },
    { type: 'UPDATE', prefix: '157.240.0.0/16', moreSpecific: true },
  ]);
});

test('withdrawals seen by enough peers become evidence naming the labelled prefixes; announcements bring them back', () => {
  const w = new RoutingWatch(meta, { minPeers: 3 });
  for (let p = 1; p <= 3; p++) {
    const counts = w.handle(
      update({ peer: `198.51.100.${p}`, withdrawals: ['129.134.30.0/24', '157.240.1.0/24'] }),
    );
    assert.deepEqual(counts, [
      { service: 'facebook', kind: 'routing', dim: 'withdrawal', n: 2 },
      { service: 'instagram', kind: 'routing', dim: 'withdrawal', n: 2 },
    ]);
  }
  w.handle(update({ withdrawals: ['10.0.0.0/8'] }));
  const [e] = w.closeBefore((T + 60) * 1000);
  assert.equal(
    e?.message,
    "Meta (AS32934): 2 prefixes withdrawn at 15:39 UTC, seen by 3 route-collector peers — including the prefixes of Meta's authoritative DNS servers (129.134.30.0/24); also 157.240.1.0/24",
  );
  assert.deepEqual(e?.services, ['facebook', 'instagram']);
  const later = T + 5 * 3600;
  for (let p = 1; p <= 3; p++)
    w.handle(
      update({
        timestamp: later,
        peer: `198.51.100.${p}`,
        path: [65000 + p, 3356, 32934],
        announcements: [{ prefixes: ['129.134.30.0/24'] }],
      }),
    );
  const back = w.closeBefore((later + 60) * 1000);
  assert.match(
    back[0]?.message ?? '',
    /1 withdrawn prefix announced again at 20:39 UTC, seen by 3 peers \(1 still missing\)/,
  );
});

test('a watched prefix announced by another origin is an origin change; one peer alone is no evidence', () => {
  const w = new RoutingWatch(meta, { minPeers: 3 });
  const counts = w.handle(
    update({ path: [65001, 64512], announcements: [{ prefixes: ['157.240.22.0/24'] }] }),
  );
  assert.ok(counts.some((c) => c.dim === 'origin-change' && c.service === 'facebook'));
  w.handle(update({ withdrawals: ['129.134.31.0/24'] }));
  const events = w.closeBefore((T + 60) * 1000);
  assert.equal(events.length, 1);
  assert.match(
    events[0]!.message,
    /origin change at 15:39 UTC — 157\.240\.22\.0\/24 from AS64512 \(usually AS32934\)/,
  );
});

test('prefixes learned from announcements are attributed when withdrawn', () => {
  const w = new RoutingWatch(meta);
  w.handle(update({ path: [65001, 3356, 32934], announcements: [{ prefixes: ['31.13.64.0/18'] }] }));
  assert.deepEqual(
    w.handle(update({ withdrawals: ['31.13.64.0/18'] })).map((c) => `${c.service}:${c.dim}`),
    ['facebook:withdrawal', 'instagram:withdrawal'],
  );
  assert.deepEqual(w.handle(update({ withdrawals: ['192.0.2.0/24'] })), [], 'not ours');
});
