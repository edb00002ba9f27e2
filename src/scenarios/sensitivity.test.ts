/**
 * The smallest excess the detector finds within 15, 30 and 60 minutes at 1, 5, 20 and 100 reports
 * per 15 minutes (issue 17). The table depends on the detector, so it is printed (as a diagnostic;
 * bench/detect prints it too) and these tests check the harness: the step is what it says, a longer
 * window never needs a larger excess, and the extremes come out as any working detector makes them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generate } from './generate.ts';
import {
  renderSensitivity,
  sensitivityTable,
  stepLatencies,
  stepScenario,
  VOLUMES,
  WINDOWS,
} from './sensitivity.ts';

test('the step scenario steps the flat level to m× for three hours', () => {
  const s = stepScenario(20, 4);
  const frames = [...generate(s, { seed: 1, warmup: false })];
  const per15 = (from: number) =>
    frames
      .filter((f) => f.t >= from && f.t < from + 3 * 3_600_000)
      .reduce((n, f) => n + f.services[0]!.count, 0) / 12;
  const before = per15(Date.UTC(2024, 3, 8, 8));
  const during = per15(Date.UTC(2024, 3, 8, 12));
  assert.ok(Math.abs(before - 20) < 4, `normal ${before} per 15 min`);
  assert.ok(Math.abs(during / before - 4) < 0.6, `step ${during / before}×`);
});

test('smallest excess found within 15, 30, 60 min at 1, 5, 20, 100 reports per 15 min', (t) => {
  const cells = sensitivityTable();
  t.diagnostic(`\n${renderSensitivity(cells)}`);
  assert.equal(cells.length, VOLUMES.length * WINDOWS.length);
  for (const v of VOLUMES) {
    const row = WINDOWS.map((w) => cells.find((c) => c.per15 === v && c.window === w)!.multiplier);
    for (let i = 1; i < row.length; i++)
      if (row[i - 1] !== null)
        assert.ok(row[i] !== null && row[i]! <= row[i - 1]!, `${v}/15 min: ${row.join(', ')}`);
  }
  // At 100 reports per 15 minutes a 100× step is unmistakable within a quarter of an hour.
  assert.ok(cells.find((c) => c.per15 === 100 && c.window === 15)!.multiplier !== null);
});

test('a 25% excess on one report per 15 minutes is not found within 15 minutes (the harness needs a real signal)', () => {
  const latencies = stepLatencies(1, 1.25, [1, 2, 3, 4, 5]);
  assert.ok(latencies.filter((l) => l !== null && l <= 15).length < 4, latencies.join(', '));
});
