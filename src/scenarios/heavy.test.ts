import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HOUR } from '../shared/time.ts';
import { generate, type MinuteFrame } from './generate.ts';
import { parseScenario } from './load.ts';

/** A flat service (no daily cycle, no drift) at 10 reports a minute, plus `noise` lines. */
const flat = (noise: string, days = 5, extra = '') =>
  parseScenario(`
name: heavy
start: 2024-01-01T00:00:00Z
end: 2024-01-${String(1 + days).padStart(2, '0')}T00:00:00Z
warmupDays: 0
services:
  - { id: a, per15: 150, trough: 1, timezone: Asia/Kolkata }
  - { id: b, per15: 150, trough: 1 }
${extra}
noise:
  drift: { sd: 0, hours: 3 }
${noise}
`);

const counts = (fs: MinuteFrame[], i = 0) => fs.map((f) => f.services[i]!.count);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: number[]) => {
  const m = mean(xs);
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
};
/** φ estimated from counts: (var − mean) / mean². */
const phiOf = (xs: number[]) => (variance(xs) - mean(xs)) / mean(xs) ** 2;
const sums15 = (xs: number[]) => {
  const out: number[] = [];
  for (let i = 0; i + 15 <= xs.length; i += 15) out.push(xs.slice(i, i + 15).reduce((a, b) => a + b, 0));
  return out;
};

test('negative binomial: per-minute counts have variance μ + φμ² with φ up to 2', () => {
  for (const phi of [1, 2]) {
    const fs = [...generate(flat(`  model: negative-binomial\n  overdispersion: ${phi}`, 10), { seed: 1 })];
    const xs = counts(fs);
    assert.ok(Math.abs(mean(xs) - 10) < 0.6, `mean ${mean(xs)}`);
    const est = phiOf(xs);
    assert.ok(Math.abs(est - phi) < 0.25 * phi, `φ ${phi} estimated as ${est}`);
    assert.ok(xs.filter((x) => x === 0).length > 0.05 * xs.length, 'bursty: many empty minutes');
  }
});

test('a multiplier held for 15 minutes keeps the overdispersion in 15-minute sums', () => {
  const minute = sums15(
    counts([...generate(flat('  model: negative-binomial\n  overdispersion: 1'), { seed: 2 })]),
  );
  const held = sums15(
    counts([
      ...generate(flat('  model: negative-binomial\n  overdispersion: 1\n  overdispersionMinutes: 15'), {
        seed: 2,
      }),
    ]),
  );
  // Independent minutes average out (φ/15 per window); a held multiplier does not.
  assert.ok(phiOf(minute) < 0.2, `per-minute draws: φ15 ${phiOf(minute)}`);
  assert.ok(phiOf(held) > 0.7, `held draws: φ15 ${phiOf(held)}`);
});

test('a trend grows the level by exp(g) per week from the scenario start', () => {
  const fs = [...generate(flat('  trend: [0.7, 0.7]', 7), { seed: 3 })];
  const first = mean(counts(fs.slice(0, 1440)));
  const last = mean(counts(fs.slice(-1440)));
  const expected = Math.exp((0.7 * 6) / 7);
  assert.ok(Math.abs(last / first / expected - 1) < 0.1, `${last / first} vs ${expected}`);
});

test('level shifts change the level for good at random times', () => {
  const fs = [...generate(flat('  levelShifts: { perServiceWeek: 3, factor: [2, 2] }', 7), { seed: 4 })];
  const days = [0, 1, 2, 3, 4, 5, 6].map((d) => mean(counts(fs.slice(d * 1440, (d + 1) * 1440))));
  const shown = days.map((d) => d.toFixed(1)).join(' ');
  // The level is 10 a minute times 2 per shift so far: the last day sits near 10 · 2^k, k ≥ 1.
  const k = Math.log2(days.at(-1)! / 10);
  assert.ok(k > 0.9 && Math.abs(k - Math.round(k)) < 0.1, `daily means ${shown}`);
  for (let d = 1; d < 7; d++) assert.ok(days[d]! > 0.9 * days[d - 1]!, `shifts only go up: ${shown}`);
});

test('missing minutes: flagged, all counts 0, about the asked share', () => {
  const fs = [...generate(flat('  missing: { perServiceDay: 4, minutes: [10, 30] }'), { seed: 5 })];
  const missing = fs.filter((f) => f.services[0]!.missing === true);
  assert.ok(missing.length > 200 && missing.length < 800, `${missing.length} missing minutes`);
  assert.ok(missing.every((f) => f.services[0]!.count === 0 && f.services[0]!.networks === 0));
  assert.ok(fs.every((f) => f.services[1]!.missing === undefined || f.services[1]!.count === 0));
});

test('a holiday follows each service’s local clock; a launch starts at its instant', () => {
  const s = flat(
    `  holidays:
    - { date: 2024-01-03, fromHour: 22, hours: 4, multiplier: 3, services: [a] }
  launches:
    - { services: [b], at: 2024-01-04T12:00:00Z, minutes: 120, multiplier: 4 }`,
  );
  const fs = [...generate(s, { seed: 6 })];
  const at = (i: number, from: number, minutes: number) =>
    mean(
      counts(
        fs.filter((f) => f.t >= from && f.t < from + minutes * 60_000),
        i,
      ),
    );
  // 2024-01-03 23:00–01:00 in Kolkata (UTC+05:30) is 17:30–19:30 UTC; the height of the holiday.
  const held = at(0, Date.UTC(2024, 0, 3, 17, 30), 120);
  const dayBefore = at(0, Date.UTC(2024, 0, 2, 17, 30), 120);
  assert.ok(held > 2.6 * dayBefore, `holiday ${held} vs ${dayBefore}`);
  assert.ok(at(0, Date.UTC(2024, 0, 3, 23), 120) < 1.3 * dayBefore, 'over after 4 local hours');
  assert.ok(at(1, Date.UTC(2024, 0, 3, 17, 30), 120) < 1.3 * dayBefore, 'b has no holiday');
  const launch = at(1, Date.UTC(2024, 0, 4, 12, 10), 50);
  assert.ok(launch > 3.5 * at(1, Date.UTC(2024, 0, 3, 12, 10), 50), `launch ${launch}`);
  assert.ok(at(1, Date.UTC(2024, 0, 4, 14), 60) < 1.3 * dayBefore, 'the launch is over after its minutes');
  assert.ok(
    fs.filter((f) => f.t >= Date.UTC(2024, 0, 4, 11) && f.t < Date.UTC(2024, 0, 4, 11) + HOUR).length === 60,
  );
});

test('heavy options on one service leave the other services’ counts unchanged', () => {
  const plain = counts([...generate(flat(''), { seed: 7 })], 1);
  const withLaunch = counts(
    [
      ...generate(
        flat('  launches:\n    - { services: [a], at: 2024-01-02T12:00:00Z, minutes: 60, multiplier: 5 }'),
        { seed: 7 },
      ),
    ],
    1,
  );
  assert.deepEqual(withLaunch, plain);
});
