import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { HOUR, MINUTE, WINDOW } from '../shared/time.ts';
import { generate, type MinuteFrame, scenarioKeys } from './generate.ts';
import { loadScenario, parseScenario } from './load.ts';

const small = parseScenario(`
name: small
start: 2024-01-01T00:00:00Z
end: 2024-01-03T00:00:00Z
warmupDays: 0
services:
  - { id: busy, per15: 150, timezone: America/New_York, trough: 0.2, troughHour: 4,
      problems: { login: 0.5, app: 0.5 }, countries: { US: 0.6, other: 0.4 } }
  - { id: flooded, per15: 0 }
  - { id: quiet, per15: 0.3 }
noise:
  viralBursts: { perServiceDay: 1, minutes: [1, 2], extra: [0.3, 1.5] }
  events:
    - { kind: identity-flood, service: flooded, at: 2024-01-01T10:05:00Z, minutes: 60, perMinute: 60 }
    - { kind: subnet-flood, service: quiet, at: 2024-01-02T12:00:00Z, minutes: 10, identities: 500 }
incidents:
  - id: test
    title: Test
    outages:
      - { service: busy, start: 2024-01-02T15:00:00Z, end: 2024-01-02T16:00:00Z, peak: 3000, curve: [[0, 0.5], [10, 1], [50, 0.2]],
          problems: { login: 0.8, app: 0.2 } }
    statements:
      - { at: 2024-01-02T15:17:30Z, source: status page, text: investigating }
`);

const frames = (seed: number, scale = 1): MinuteFrame[] => [...generate(small, { seed, scale })];

test('is deterministic for a seed and differs between seeds', () => {
  const a = frames(1);
  assert.deepEqual(a, frames(1));
  const counts = (fs: MinuteFrame[]) => fs.map((f) => f.services[0]!.count);
  assert.notDeepEqual(counts(a), counts(frames(2)));
  assert.equal(a.length, 2 * 1440);
});

test('scale multiplies organic volume', () => {
  const total = (fs: MinuteFrame[]) => fs.reduce((n, f) => n + f.services[0]!.count, 0);
  const ratio = total(frames(3, 0.1)) / total(frames(3, 1));
  assert.ok(ratio > 0.09 && ratio < 0.11, String(ratio));
});

test('the daily cycle has its trough at local night', () => {
  const fs = frames(4);
  const meanAt = (utcHour: number) => {
    const xs = fs.filter((f) => new Date(f.t).getUTCHours() === utcHour && !f.services[0]!.outage);
    return xs.reduce((n, f) => n + f.services[0]!.count, 0) / xs.length;
  };
  // New York in January is UTC−5: local 04:00 is 09:00 UTC, local 16:00 is 21:00 UTC.
  assert.ok(meanAt(9) < 0.35 * meanAt(21), `${meanAt(9)} vs ${meanAt(21)}`);
  assert.ok(Math.abs(meanAt(21) - 10) < 2, `peak ${meanAt(21)} per minute, expected ~10`);
});

test('one identity flooding is counted at most once per 15 minutes', () => {
  const fs = frames(5).filter((f) => f.services[1]!.count > 0);
  const windows = new Set(fs.map((f) => Math.floor(f.t / WINDOW)));
  assert.equal(fs.length, windows.size);
  assert.equal(
    fs.reduce((n, f) => n + f.services[1]!.count, 0),
    5,
  ); // 10:05, 10:15, 10:30, 10:45, 11:00
});

test('500 identities from one /24 arrive with topNetworkShare near 1', () => {
  const flood = frames(6).filter(
    (f) => f.t >= Date.UTC(2024, 0, 2, 12) && f.t < Date.UTC(2024, 0, 2, 12, 10),
  );
  assert.equal(flood.length, 10);
  const quiet = flood.map((f) => f.services[2]!);
  assert.ok(quiet.reduce((n, m) => n + m.count, 0) >= 500);
  assert.ok(quiet.every((m) => m.topNetworkShare > 0.95 && m.identities === m.count));
});

test('breakdowns add up, outages are labelled and follow their problem mix', () => {
  const fs = frames(7);
  const keys = scenarioKeys(small);
  assert.deepEqual(keys.problems, ['app', 'login', 'other']);
  let login = 0;
  let all = 0;
  for (const f of fs) {
    for (const m of f.services) {
      assert.equal(
        m.problems.reduce((a, b) => a + b, 0),
        m.count,
      );
      assert.equal(
        m.countries.reduce((a, b) => a + b, 0),
        m.count,
      );
    }
    const busy = f.services[0]!;
    const inOutage = f.t >= Date.UTC(2024, 0, 2, 15) && f.t < Date.UTC(2024, 0, 2, 16);
    assert.equal(busy.outage, inOutage ? 'test/busy' : null);
    if (inOutage) {
      login += busy.problems[1]!;
      all += busy.count;
    }
  }
  assert.ok(login / all > 0.7 && login / all < 0.8, String(login / all));
});

test('statements come out in the minute they were made', () => {
  const said = frames(8).filter((f) => f.statements.length > 0);
  assert.equal(said.length, 1);
  assert.equal(said[0]!.t, Date.UTC(2024, 0, 2, 15, 17));
  assert.equal(said[0]!.statements[0]!.text, 'investigating');
});

test('warm-up days come first and are flagged', () => {
  const s = loadScenario(join(import.meta.dirname, '../../scenarios/2023-05-21-instagram.yaml'));
  const it = generate(s, { seed: 1, scale: 0.01, breakdown: false });
  const first = it.next().value as MinuteFrame;
  assert.equal(first.t, s.start - s.warmupDays * 24 * HOUR);
  assert.equal(first.warmup, true);
  assert.ok(first.services.every((m) => m.problems.length === 0));
  let last = first;
  for (const f of it) last = f;
  assert.equal(last.t, s.end - MINUTE);
  assert.equal(last.warmup, false);
});

const distributed = parseScenario(`
name: distributed
start: 2024-01-01T00:00:00Z
end: 2024-01-02T00:00:00Z
warmupDays: 0
services:
  - { id: bank, per15: 3, countries: { DE: 0.7, other: 0.3 } }
  - { id: shop, per15: 3, countries: { DE: 0.7, other: 0.3 } }
noise:
  events:
    - { kind: distributed-flood, service: bank, at: 2024-01-01T12:00:00Z, minutes: 30, identities: 600, networks: 200, country: VN }
    - { kind: distributed-flood, service: shop, at: 2024-01-01T12:00:00Z, minutes: 30, identities: 600, networks: 200 }
`);

test('a distributed flood: each identity once per 15 min, from many /24s, from its country if given', () => {
  const fs = [...generate(distributed, { seed: 9, scale: 1 })];
  const keys = scenarioKeys(distributed);
  assert.ok(keys.countries.includes('VN'), 'the flood country is a breakdown key');
  const during = fs.filter((f) => f.t >= Date.UTC(2024, 0, 1, 12) && f.t < Date.UTC(2024, 0, 1, 12, 30));
  const before = fs.filter((f) => f.t >= Date.UTC(2024, 0, 1, 11) && f.t < Date.UTC(2024, 0, 1, 11, 30));
  const sum = (xs: MinuteFrame[], i: number) => xs.reduce((n, f) => n + f.services[i]!.count, 0);
  for (const i of [0, 1]) {
    const extra = sum(during, i) - sum(before, i);
    assert.ok(extra > 1150 && extra < 1250, `two windows of 600 identities, got ${extra} extra`);
    for (const f of during) {
      const m = f.services[i]!;
      assert.ok(m.topNetworkShare < 0.1, `no /24 stands out (${m.topNetworkShare})`);
      assert.ok(m.networks >= 20, `${m.networks} networks in a minute`);
    }
  }
  const vn = keys.countries.indexOf('VN');
  const vnShare = during.reduce((n, f) => n + f.services[0]!.countries[vn]!, 0) / sum(during, 0);
  assert.ok(vnShare > 0.9, `bank flood from VN: ${vnShare}`);
  const shopTop = during.map((f) => f.services[1]!.topCountryShare);
  assert.ok(
    shopTop.every((x) => x > 0.5 && x < 0.9),
    `shop flood follows the usual mix (DE 0.7): ${shopTop.join(' ')}`,
  );
});
