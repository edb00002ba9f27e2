/**
 * The contract every detector implementation must meet, as node:test tests. Run it with
 * `detectorContract(name, factory, { skip })`; each skipped case must say why.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mulberry32, poisson } from '../scenarios/random.ts';
import { SERVICE_STATES } from '../shared/status-vocabulary.ts';
import { DAY, HOUR, MINUTE } from '../shared/time.ts';
import type { DetectorReading, Observation, SeriesDetector } from './types.ts';

/** Names of the contract cases (keys of the skip map). */
export const CONTRACT_CASES = [
  'steady quiet',
  'steady busy',
  'daily cycle',
  'step quiet',
  'step busy',
  'recovery',
  'burst',
  'quiet minute',
  'well-formed',
  'deterministic',
  'network flood',
  'global factor',
  'time order',
] as const;
/** A contract case name. */
export type ContractCase = (typeof CONTRACT_CASES)[number];

const T0 = Date.UTC(2024, 0, 1); // a Monday
const HISTORY = 2 * DAY; // history before the interesting part
const ONSET = T0 + HISTORY + 14 * HOUR;

type Extra = (t: number) => Partial<Observation> | undefined;

/** Poisson counts at `rate(t)` per minute from T0 for `minutes`, with optional per-minute overrides. */
function series(seed: number, minutes: number, rate: (t: number) => number, extra?: Extra): Observation[] {
  const r = mulberry32(seed);
  const out: Observation[] = [];
  for (let i = 0; i < minutes; i++) {
    const t = T0 + i * MINUTE;
    out.push({ t, count: poisson(r, rate(t)), ...extra?.(t) });
  }
  return out;
}

const run = (d: SeriesDetector, obs: Observation[]): DetectorReading[] => obs.map((o) => d.step(o));
const inRange = (t: number, from: number, to: number) => t >= from && t < to;
const nonOperational = (vs: DetectorReading[], from: number, to: number) =>
  vs.filter((v) => inRange(v.t, from, to) && v.status !== 'operational');
const firstAlarm = (vs: DetectorReading[], from: number) =>
  vs.find((v) => v.t >= from && v.status !== 'operational');
const stepRate = (base: number, factor: number, from: number, to: number) => (t: number) =>
  inRange(t, from, to) ? base * factor : base;
const end = ONSET + 60 * MINUTE;
const length = (HISTORY + 20 * HOUR) / MINUTE;

/** Registers the contract tests for one detector. */
export function detectorContract(
  name: string,
  factory: () => SeriesDetector,
  opts: { skip?: Partial<Record<ContractCase, string>> } = {},
): void {
  const skip = (c: ContractCase) => opts.skip?.[c] ?? false;
  const label = (c: ContractCase, text: string) => `${name}: ${text} [${c}]`;

  for (const [c, rate] of [
    ['steady quiet', 0.2],
    ['steady busy', 5],
  ] as const) {
    test(label(c, `stays operational on a steady Poisson series of ${rate}/min`), { skip: skip(c) }, () => {
      const vs = run(
        factory(),
        series(11, (HISTORY + 3 * DAY) / MINUTE, () => rate),
      );
      assert.deepEqual(nonOperational(vs, T0 + DAY, Number.POSITIVE_INFINITY).length, 0);
    });
  }

  test(label('daily cycle', 'stays operational through a daily cycle (0.5–8/min)'), {
    skip: skip('daily cycle'),
  }, () => {
    const cycle = (t: number) => 4.25 - 3.75 * Math.cos((2 * Math.PI * (t - T0 - 4 * HOUR)) / DAY);
    const vs = run(factory(), series(12, (4 * DAY) / MINUTE, cycle));
    assert.deepEqual(nonOperational(vs, T0 + DAY, Number.POSITIVE_INFINITY).length, 0);
  });

  // A quiet series gets a little longer: a few reports per minute need more minutes to be conclusive.
  for (const [c, rate, within] of [
    ['step quiet', 0.2, 6],
    ['step busy', 5, 3],
  ] as const) {
    test(label(c, `flags a 20× step from ${rate}/min within ${within} minutes`), { skip: skip(c) }, () => {
      for (const seed of [13, 14, 15]) {
        const vs = run(factory(), series(seed, length, stepRate(rate, 20, ONSET, end)));
        const alarm = firstAlarm(vs, ONSET - 30 * MINUTE);
        assert.ok(alarm, 'never flagged');
        const after = (alarm.t - ONSET) / MINUTE;
        assert.ok(after >= 0 && after <= within, `seed ${seed}: flagged ${after} min after the step`);
      }
    });
  }

  test(label('recovery', 'recovers within 10 minutes after the step ends'), {
    skip: skip('recovery'),
  }, () => {
    const vs = run(factory(), series(14, length, stepRate(5, 20, ONSET, end)));
    const late = nonOperational(vs, end + 10 * MINUTE, Number.POSITIVE_INFINITY);
    assert.equal(
      late.length,
      0,
      `still ${late[0]?.status} ${((late[0]?.t ?? end) - end) / MINUTE} min after the end`,
    );
  });

  test(label('burst', 'does not open on a 2-minute burst of 8×'), { skip: skip('burst') }, () => {
    for (const seed of [15, 16, 17, 18, 19]) {
      const vs = run(factory(), series(seed, length, stepRate(5, 8, ONSET, ONSET + 2 * MINUTE)));
      assert.equal(nonOperational(vs, T0 + DAY, Number.POSITIVE_INFINITY).length, 0, `seed ${seed}`);
    }
  });

  test(label('quiet minute', 'does not close on one quiet minute inside an outage'), {
    skip: skip('quiet minute'),
  }, () => {
    const gapAt = ONSET + 30 * MINUTE;
    const obs = series(20, length, stepRate(5, 20, ONSET, end), (t) =>
      t === gapAt ? { count: 0 } : undefined,
    );
    const vs = run(factory(), obs);
    const alarm = firstAlarm(vs, ONSET);
    assert.ok(alarm);
    const lapses = vs.filter((v) => inRange(v.t, alarm.t, end) && v.status === 'operational');
    assert.equal(lapses.length, 0, `operational at ${lapses.map((v) => (v.t - ONSET) / MINUTE).join(', ')}`);
  });

  test(label('well-formed', 'gives scores in [0, 1] and well-formed readings'), {
    skip: skip('well-formed'),
  }, () => {
    const obs = series(21, length, stepRate(0.5, 50, ONSET, end));
    const vs = run(factory(), obs);
    vs.forEach((v, i) => {
      assert.equal(v.t, obs[i]!.t);
      assert.ok(v.score >= 0 && v.score <= 1, `score ${v.score}`);
      assert.ok(SERVICE_STATES.includes(v.status));
      assert.ok(v.expected >= 0 && Number.isFinite(v.expected));
      assert.ok(v.observed >= 0 && v.observed <= obs[i]!.count);
      assert.ok(Array.isArray(v.evidence));
    });
    assert.ok(
      vs.some((v) => v.status !== 'operational' && v.evidence.length > 0),
      'no evidence for the outage',
    );
  });

  test(label('deterministic', 'is deterministic'), { skip: skip('deterministic') }, () => {
    const obs = series(22, length, stepRate(2, 30, ONSET, end));
    assert.deepEqual(run(factory(), obs), run(factory(), obs));
  });

  test(label('network flood', 'does not open on 500 reports from one network'), {
    skip: skip('network flood'),
  }, () => {
    for (const base of [0.05, 5]) {
      const flood = (t: number) => {
        if (!inRange(t, ONSET, ONSET + 5 * MINUTE)) return undefined;
        const count = 100 + Math.round(base);
        return { count, identities: count, networks: 2, topNetworkShare: 100 / count };
      };
      const vs = run(
        factory(),
        series(23, length, () => base, flood),
      );
      assert.equal(nonOperational(vs, T0 + DAY, Number.POSITIVE_INFINITY).length, 0, `base ${base}/min`);
    }
  });

  test(label('global factor', 'follows a site-wide jump given as globalFactor'), {
    skip: skip('global factor'),
  }, () => {
    const viral = (t: number) => inRange(t, ONSET, end);
    const obs = series(
      24,
      length,
      (t) => (viral(t) ? 25 : 5),
      (t) => (viral(t) ? { globalFactor: 5 } : undefined),
    );
    assert.equal(nonOperational(run(factory(), obs), T0 + DAY, Number.POSITIVE_INFINITY).length, 0);
  });

  test(label('time order', 'rejects an observation that does not move forward in time'), {
    skip: skip('time order'),
  }, () => {
    const d = factory();
    d.step({ t: T0, count: 1 });
    assert.throws(() => d.step({ t: T0, count: 1 }), RangeError);
  });
}
