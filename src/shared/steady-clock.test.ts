import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ClockStep, SteadyClock } from './steady-clock.ts';
import { floorTo, MINUTE } from './time.ts';

/** Wall and monotonic sources the test moves by hand (the machine's own clock is not ours to step). */
function sources(start = Date.UTC(2026, 11, 4, 18, 0)) {
  const s = { mono: 0, offset: start };
  return { s, wall: () => s.offset + s.mono, mono: () => s.mono };
}

test('a backward wall-clock step is logged once and absorbed: time never goes back and minutes keep passing', () => {
  const { s, wall, mono } = sources();
  const steps: ClockStep[] = [];
  const clock = new SteadyClock({ wall, mono, onStep: (x) => steps.push(x) });
  const seen: number[] = [];
  const advance = (ms: number) => {
    for (let i = 0; i < ms / 1000; i++) {
      s.mono += 1000;
      seen.push(clock.now());
    }
  };
  advance(60_000);
  assert.equal(seen.at(-1), wall());
  s.offset -= 10 * MINUTE; // the wall clock jumps back ten minutes
  advance(5 * MINUTE);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i]! >= seen[i - 1]!, 'never backwards');
  assert.equal(steps.length, 1, 'one step, reported once');
  assert.ok(Math.abs(steps[0]!.stepMs + 10 * MINUTE) < 2000, 'about -600 s');
  // Five minutes after the step the clock has moved on by more than two minutes: the detector's
  // minutes still close (a clock held at its old reading would have moved by none).
  const before = seen[59]!;
  assert.ok(floorTo(seen.at(-1)!, MINUTE) - floorTo(before, MINUTE) >= 2 * MINUTE);
  advance(20 * MINUTE);
  assert.ok(Math.abs(clock.now() - wall()) <= 1000, 'caught up with the wall clock');
  assert.equal(steps.length, 1);
});

test('a forward step is taken at once and logged', () => {
  const { s, wall, mono } = sources();
  const steps: ClockStep[] = [];
  const clock = new SteadyClock({ wall, mono, onStep: (x) => steps.push(x) });
  s.mono += 1000;
  clock.now();
  s.offset += 3 * MINUTE;
  s.mono += 1000;
  assert.equal(clock.now(), wall());
  assert.equal(steps.length, 1);
  assert.ok(steps[0]!.stepMs > 0);
});

test('small corrections are followed without a report', () => {
  const { s, wall, mono } = sources();
  const steps: ClockStep[] = [];
  const clock = new SteadyClock({ wall, mono, onStep: (x) => steps.push(x) });
  for (let i = 0; i < 100; i++) {
    s.mono += 1000;
    s.offset += i % 2 ? 20 : -20;
    clock.now();
  }
  assert.equal(steps.length, 0);
  assert.ok(Math.abs(clock.now() - wall()) <= 40);
});
