/**
 * The fleet's peer factors and related-incident path when several things go wrong at once (issue
 * 17, ADR 17): failures shared by several members of a group, one /24 flooding many services, a
 * sibling's short burst during a provider's outage, and a day-long outage.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mulberry32, poisson } from '../scenarios/random.ts';
import { DAY, HOUR, MINUTE } from '../shared/time.ts';
import { Fleet, type FleetMember } from './fleet.ts';
import { primeSeasonal, type SeasonalState, seasonalPoisson } from './seasonal-poisson.ts';
import type { DetectorReading, Observation } from './types.ts';

const T0 = Date.UTC(2024, 3, 1); // a Monday

/** A fleet whose members are primed at a flat `rates[i]` reports per minute. */
function fleet(members: FleetMember[], rates: number[]): Fleet<SeasonalState> {
  const f = new Fleet(seasonalPoisson, members);
  f.states.forEach((s, i) => {
    primeSeasonal(s, new Float64Array(168).fill(rates[i]!));
  });
  return f;
}

type Plan = (i: number, minute: number) => { rate: number; flood?: number } | undefined;

/**
 * Steps `minutes` minutes of Poisson counts at each member's rate (times what `plan` says), each
 * report from its own network unless `flood` reports come from one; returns verdicts per minute.
 */
function run(
  f: Fleet<SeasonalState>,
  rates: number[],
  minutes: number,
  plan: Plan,
  seed = 7,
): DetectorReading[][] {
  const r = mulberry32(seed);
  const out: DetectorReading[][] = [];
  for (let m = 0; m < minutes; m++) {
    const t = T0 + m * MINUTE;
    const obs = rates.map((rate, i): Observation => {
      const p = plan(i, m);
      const organic = poisson(r, p ? p.rate : rate);
      const flood = p?.flood ?? 0;
      const count = organic + flood;
      return {
        t,
        count,
        identities: count,
        networks: organic + (flood > 0 ? 1 : 0),
        topNetworkShare: count === 0 ? 0 : Math.max(Math.min(1, organic), flood) / count,
      };
    });
    out.push(f.step(obs));
  }
  return out;
}

const down = (vs: DetectorReading[][], i: number, from: number, to: number) =>
  vs.slice(from, to).filter((v) => v[i]!.status !== 'operational').length;
const firstDown = (vs: DetectorReading[][], i: number, from: number) => {
  const k = vs.slice(from).findIndex((v) => v[i]!.status !== 'operational');
  return k < 0 ? null : k;
};

test('three of five ISPs of one country really failing are each flagged and stay flagged', () => {
  const members = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, group: 'access:DE' }));
  const rates = [4, 3, 5, 2, 3];
  const f = fleet(members, rates);
  // a fails at minute 60, b at 70, c at 80, each at 15× until minute 300.
  const starts = [60, 70, 80];
  const vs = run(f, rates, 360, (i, m) =>
    i < 3 && m >= starts[i]! && m < 300 ? { rate: 15 * rates[i]! } : undefined,
  );
  for (let i = 0; i < 3; i++) {
    const first = firstDown(vs, i, starts[i]!);
    assert.ok(first !== null && first <= 3, `${members[i]!.id} flagged ${first} min after its start`);
    const lapses = 300 - starts[i]! - first! - down(vs, i, starts[i]! + first!, 300);
    assert.equal(lapses, 0, `${members[i]!.id} was operational ${lapses} min during its outage`);
    assert.equal(down(vs, i, 315, 360), 0, `${members[i]!.id} still down 15 min after the end`);
  }
  assert.equal(down(vs, 3, 0, 360) + down(vs, 4, 0, 360), 0, 'the healthy ISPs stayed operational');
});

test('one /24 flooding twenty services does not hide a real outage elsewhere', () => {
  const members = Array.from({ length: 24 }, (_, i) => ({ id: `s${i}` }));
  const rates = members.map((_, i) => 1 + (i % 5));
  const f = fleet(members, rates);
  // Services 0..19 get 60 reports a minute from one /24 from minute 30 to 90; service 23 fails at 40.
  const vs = run(f, rates, 120, (i, m) => {
    if (i < 20 && m >= 30 && m < 90) return { rate: rates[i]!, flood: 60 };
    if (i === 23 && m >= 40 && m < 90) return { rate: 6 * rates[i]! };
    return undefined;
  });
  const first = firstDown(vs, 23, 40);
  assert.ok(first !== null && first <= 3, `the real outage was flagged ${first} min after its start`);
  for (let i = 0; i < 20; i++) assert.equal(down(vs, i, 0, 120), 0, `flooded s${i} was flagged`);
});

test("a sibling's two-minute burst during its provider's outage does not open", () => {
  const members = [
    { id: 'app', provider: 'p' },
    { id: 'sibling', provider: 'p' },
  ];
  const rates = [10, 2];
  for (const seed of [1, 2, 3, 4, 5]) {
    const f = fleet(members, rates);
    // The app is down from minute 30 to 150; the sibling bursts to 8× for two minutes at minute 60.
    const vs = run(
      f,
      rates,
      180,
      (i, m) => {
        if (i === 0 && m >= 30 && m < 150) return { rate: 30 * rates[0]! };
        if (i === 1 && m >= 60 && m < 62) return { rate: 8 * rates[1]! };
        return undefined;
      },
      seed,
    );
    assert.ok(firstDown(vs, 0, 30) !== null, 'the app was flagged');
    assert.equal(down(vs, 1, 0, 180), 0, `seed ${seed}: the sibling's burst opened`);
  }
});

test('a sibling really failing with its provider at 4× its usual 2 a minute joins within 5 minutes', () => {
  const members = [
    { id: 'app', provider: 'p' },
    { id: 'sibling', provider: 'p' },
  ];
  const rates = [10, 2];
  const f = fleet(members, rates);
  const vs = run(f, rates, 120, (i, m) => {
    if (i === 0 && m >= 30 && m < 100) return { rate: 30 * rates[0]! };
    if (i === 1 && m >= 40 && m < 100) return { rate: 4 * rates[1]! };
    return undefined;
  });
  const first = firstDown(vs, 1, 40);
  assert.ok(first !== null && first <= 5, `the sibling was flagged ${first} min after its start`);
});

test('a day-long outage stays open for its whole length and closes once reports are back near normal', () => {
  const f = fleet([{ id: 'svc' }], [3]);
  const start = 120;
  const end = start + (26 * HOUR) / MINUTE;
  const vs = run(f, [3], end + 120, (_i, m) => (m >= start && m < end ? { rate: 12 } : undefined));
  const first = firstDown(vs, 0, start);
  assert.ok(first !== null && first <= 5, `flagged ${first} min after the start`);
  const lapses = end - start - first! - down(vs, 0, start + first!, end);
  assert.equal(lapses, 0, `operational for ${lapses} min during the outage`);
  assert.ok(DAY / MINUTE < end - start);
  assert.equal(down(vs, 0, end + 10, end + 120), 0, 'still open 10 min after the end');
});
