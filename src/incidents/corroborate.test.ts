import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReportOrigin } from '../store/store.ts';
import { type CrowdContext, corroborate } from './corroborate.ts';
import { CrowdWindow } from './crowd-window.ts';
import type { ServiceReading } from './decide.ts';

const T = Date.UTC(2026, 11, 4, 12, 0);
const MINUTE = 60_000;

/** `n` counted reports in minute t from `networks` /24s, cycling through `countries`. */
const origins = (
  t: number,
  n: number,
  networks: number,
  countries: string[],
  over: Partial<ReportOrigin> = {},
) =>
  Array.from({ length: n }, (_, i) => ({
    service: 'shop',
    network: `net-${i % networks}`,
    country: countries[i % countries.length]!,
    identity: `id-${t}-${i}`,
    asn: 1000 + (i % networks),
    hosting: false,
    receivedAt: t + i,
    ...over,
  }));

const surge: ServiceReading = {
  service: 'shop',
  status: 'major_outage',
  observed: 40,
  expected: 1,
  since: T,
  evidence: ['40 reports vs 1 expected'],
};

const ctx = (over: Partial<CrowdContext>): CrowdContext => ({
  mix: undefined,
  outside: [],
  elevatedMinutes: 3,
  corroboratedBefore: [],
  expected: undefined,
  ...over,
});

test('a narrow crowd with passing probes, no posts and no statement is held at possible problems', () => {
  const w = new CrowdWindow();
  w.add(T, origins(T, 40, 3, ['ID']));
  const { verdict, corroborated } = corroborate(surge, false, ctx({ mix: w.mix('shop') }));
  assert.equal(verdict.status, 'degraded_performance');
  assert.deepEqual(corroborated, []);
  assert.match(
    verdict.evidence.at(-1)!,
    /^held at possible problems: reports only, from 3 networks, 100% from ID;/,
  );
});

test('each corroborating signal lifts the hold, and the evidence names it', () => {
  const narrow = new CrowdWindow();
  narrow.add(T, origins(T, 40, 3, ['ID']));
  const mix = narrow.mix('shop');
  const several = new CrowdWindow();
  several.add(T, origins(T, 40, 8, ['ID']));
  const spread = several.mix('shop');
  const cases: [boolean, Partial<CrowdContext>, string][] = [
    [true, { mix }, 'corroborated by probes'],
    [false, { mix, outside: ['official'] }, 'corroborated by an official statement'],
    [false, { mix, outside: ['posts'] }, 'corroborated by public posts'],
    [false, { mix: spread, elevatedMinutes: 61 }, 'corroborated by persistence (61 minutes)'],
    [false, { mix, corroboratedBefore: ['posts'] }, 'corroborated by public posts'],
  ];
  for (const [probes, c, said] of cases) {
    const { verdict } = corroborate(surge, probes, ctx(c));
    assert.equal(verdict.status, 'major_outage', said);
    assert.equal(verdict.evidence.at(-1), said);
  }
  const broad = new CrowdWindow();
  broad.add(T, origins(T, 60, 24, ['US', 'BR', 'IN', 'DE']));
  const { verdict } = corroborate(surge, false, ctx({ mix: broad.mix('shop') }));
  assert.equal(verdict.evidence.at(-1), 'corroborated by breadth (24 networks in 4 countries)');
});

test('persistence does not lift a lone /24 dripping for hours', () => {
  const w = new CrowdWindow();
  w.add(T, origins(T, 40, 1, ['ID']));
  const { verdict } = corroborate(surge, false, ctx({ mix: w.mix('shop'), elevatedMinutes: 240 }));
  assert.equal(verdict.status, 'degraded_performance');
});

test('breadth must be people in many networks: hosting networks or networks repeating every minute are not', () => {
  const hosting = new CrowdWindow();
  hosting.add(T, origins(T, 60, 30, ['US', 'BR', 'IN'], { hosting: true }));
  const h = corroborate(surge, false, ctx({ mix: hosting.mix('shop') }));
  assert.equal(h.verdict.status, 'degraded_performance');
  assert.match(h.verdict.evidence.at(-1)!, /100% from hosting networks/);
  const repeating = new CrowdWindow();
  for (let m = 0; m < 6; m++)
    repeating.add(T + m * MINUTE, origins(T + m * MINUTE, 30, 25, ['US', 'BR', 'IN']));
  const r = corroborate(surge, false, ctx({ mix: repeating.mix('shop') }));
  assert.equal(r.verdict.status, 'degraded_performance');
  assert.match(r.verdict.evidence.at(-1)!, /from networks repeating minute after minute/);
});

test('one country is ordinary for a service that lives there, learned from ordinary minutes only', () => {
  const isp = new CrowdWindow((s) => (s === 'shop' ? ['ID'] : []));
  isp.add(T, origins(T, 40, 25, ['ID']));
  assert.equal(isp.mix('shop')!.usualTopCountryShare, 1, "the catalog's prior: one country");
  assert.equal(corroborate(surge, false, ctx({ mix: isp.mix('shop') })).verdict.status, 'major_outage');

  const global = new CrowdWindow();
  for (let m = 0; m < 10; m++) {
    global.add(T + m * MINUTE, origins(T + m * MINUTE, 10, 10, ['US', 'BR', 'IN', 'ID', 'DE']));
    global.learn('shop');
  }
  const flood = T + 30 * MINUTE;
  for (let m = 0; m < 15; m++) global.add(flood + m * MINUTE, origins(flood + m * MINUTE, 130, 200, ['ID']));
  const mix = global.mix('shop')!;
  assert.equal(mix.topCountry, 'ID');
  assert.ok(mix.usualTopCountryShare! < 0.3, `usual ${mix.usualTopCountryShare}: the flood did not teach it`);
  const { verdict } = corroborate(surge, false, ctx({ mix }));
  assert.equal(verdict.status, 'degraded_performance', '200 /24s in one unusual country is not breadth');
  assert.match(verdict.evidence.at(-1)!, /100% from ID, usually 20%/);
});

test('during an expected launch only probes or an official statement lift the cap', () => {
  const broad = new CrowdWindow();
  broad.add(T, origins(T, 60, 24, ['US', 'BR', 'IN', 'DE']));
  const expected = { what: 'Season 5 launch', until: T + 2 * 60 * MINUTE };
  const held = corroborate(surge, false, ctx({ mix: broad.mix('shop'), outside: ['posts'], expected }));
  assert.equal(held.verdict.status, 'degraded_performance');
  assert.match(held.verdict.evidence.at(-1)!, /^expected: Season 5 launch until 14:00;/);
  assert.equal(
    corroborate(surge, true, ctx({ mix: broad.mix('shop'), expected })).verdict.status,
    'major_outage',
  );
});

test('possible problems and operational verdicts pass unchanged; the window forgets after 15 minutes', () => {
  const mild: ServiceReading = { ...surge, status: 'degraded_performance' };
  assert.equal(corroborate(mild, false, ctx({})).verdict, mild);
  const w = new CrowdWindow();
  w.add(T, origins(T, 5, 5, ['US']));
  w.add(T + 15 * MINUTE, []);
  assert.equal(w.mix('shop'), undefined);
});
