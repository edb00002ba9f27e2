import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UnavailableError } from '../shared/errors.ts';
import type { NewReport } from '../store/store.ts';
import { tempSqlite } from '../store/testing/engines.ts';
import { resolveCountry } from './country.ts';
import { GeoIp } from './geoip.ts';
import { GroupCommit } from './group-commit.ts';
import { Identities, networkOf } from './identity.ts';
import { rateKey } from './rate-key.ts';
import { RateLimiter } from './rate-limiter.ts';

const report = (i: number): NewReport => ({
  service: 's',
  problem: 'login',
  country: 'ZZ',
  receivedAt: 0,
  identity: `i${i}`,
  network: 'n',
  source: 'web',
});

test('rate limiter: burst, then refill over time, per key', () => {
  const rl = new RateLimiter(60, 3);
  assert.deepEqual(
    [0, 0, 0].map(() => rl.take('a', 0)),
    [0, 0, 0],
  );
  assert.ok(rl.take('a', 0) >= 1, 'fourth request waits');
  assert.equal(rl.take('b', 0), 0, 'other clients are not affected');
  assert.equal(rl.take('a', 1000), 0, 'one token per second comes back');
});

test('rate limiter: memory stays bounded under address spraying', () => {
  const rl = new RateLimiter(60, 3, 1000);
  for (let i = 0; i < 10_000; i++) rl.take(`ip-${i}`, i);
  assert.ok(rl.size <= 1000, `size ${rl.size}`);
});

test('network of an address: /24 for IPv4, /48 for IPv6, mapped IPv4 unwrapped', () => {
  assert.equal(networkOf('203.0.113.77'), '203.0.113');
  assert.equal(networkOf('::ffff:203.0.113.9'), '203.0.113');
  assert.equal(networkOf('2001:db8:abcd:12::1'), '2001:db8:abcd');
});

test('identities: same person same day → same hash; IP never appears; day key shared via store', async () => {
  const { store, cleanup } = await tempSqlite();
  try {
    const a = new Identities(store);
    const b = new Identities(store);
    const t = Date.UTC(2024, 2, 5, 15);
    const x = await a.of('198.51.100.7', t);
    assert.deepEqual(await b.of('198.51.100.7', t + 1000), x, 'two nodes agree');
    // Issue 18: the user agent costs nothing to change, so it no longer makes a new person.
    assert.equal((await a.of('198.51.100.7', t)).identity, x.identity, 'a new user agent, the same person');
    assert.notEqual((await a.of('198.51.100.9', t)).identity, x.identity, 'another address, another person');
    assert.equal((await a.of('198.51.100.8', t)).network, x.network, 'same /24, same network');
    assert.notEqual(
      (await a.of('198.51.100.7', t + 86_400_000)).identity,
      x.identity,
      'a new day, a new key',
    );
    assert.ok(!x.identity.includes('198') && x.identity.length === 22);
  } finally {
    await cleanup();
  }
});

test('group commit: batches concurrent submissions and resolves each with its own result', async () => {
  const batches: number[] = [];
  const gc = new GroupCommit(
    async (batch) => {
      batches.push(batch.length);
      return batch.map((r) => ({ id: Number(r.identity.slice(1)), counted: true }));
    },
    { maxDelayMs: 5, maxBatch: 50 },
  );
  const results = await Promise.all(Array.from({ length: 120 }, (_, i) => gc.submit(report(i))));
  assert.deepEqual(
    results.map((r) => r.id),
    Array.from({ length: 120 }, (_, i) => i),
  );
  assert.deepEqual(batches, [50, 50, 20]);
});

test('group commit: a failed commit rejects every waiter with UnavailableError', async () => {
  const gc = new GroupCommit(
    async () => {
      throw new Error('disk gone');
    },
    { maxDelayMs: 1, maxBatch: 10 },
  );
  const outcomes = await Promise.allSettled([gc.submit(report(1)), gc.submit(report(2))]);
  for (const o of outcomes) {
    assert.equal(o.status, 'rejected');
    assert.ok(o.status === 'rejected' && o.reason instanceof UnavailableError);
  }
  await gc.drain();
});

test('country: stated, then trusted header, then offline database, else ZZ', () => {
  const geo = GeoIp.load();
  assert.equal(resolveCountry({ stated: 'VN', header: 'ID', ip: '8.8.8.8', geo }), 'VN');
  assert.equal(resolveCountry({ header: 'id', ip: '8.8.8.8', geo }), 'ID');
  assert.equal(resolveCountry({ header: 'not a country', ip: '8.8.8.8', geo }), 'US');
  assert.equal(resolveCountry({ ip: '127.0.0.1', geo }), 'ZZ');
  assert.equal(geo.country('2001:4860:4860::8888'), 'US');
  assert.equal(geo.country('::ffff:8.8.8.8'), 'US');
});

test('rate keys: IPv4 as is, IPv6 by its /64 whatever the spelling', () => {
  assert.equal(rateKey('203.0.113.7'), '203.0.113.7');
  assert.equal(rateKey('::ffff:203.0.113.7'), '203.0.113.7');
  const k = rateKey('2001:db8:1:2::1');
  assert.equal(k, '2001:db8:1:2::/64');
  for (const ip of ['2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd', '2001:DB8:1:2:ffff::9', '2001:db8:1:2::'])
    assert.equal(rateKey(ip), k, ip);
  assert.equal(rateKey('2001:db8::1'), '2001:db8:0:0::/64');
  assert.equal(rateKey('2001:db8::2:3:4:5:6'), '2001:db8:0:2::/64');
  assert.equal(rateKey('::1'), '0:0:0:0::/64');
  assert.notEqual(rateKey('2001:db8:1:3::1'), k);
  assert.equal(rateKey(undefined), '', 'a request whose socket has closed has no address');
});
