import assert from 'node:assert/strict';
import { test } from 'node:test';
import { retryDelay } from './backoff.ts';
import { afterQuietHours, inWindow, localMinute, parseClock } from './quiet-hours.ts';

test('retry delays grow exponentially, stay within [step/2, step], and stop at the cap', () => {
  const b = { baseMs: 1000, capMs: 60_000 };
  assert.equal(
    retryDelay(1, b, () => 0),
    500,
  );
  assert.equal(
    retryDelay(1, b, () => 1),
    1000,
  );
  assert.equal(
    retryDelay(3, b, () => 0),
    2000,
  );
  assert.equal(
    retryDelay(3, b, () => 0.5),
    3000,
  );
  assert.equal(
    retryDelay(20, b, () => 1),
    60_000,
  );
  assert.equal(
    retryDelay(1, b, () => 0, 10_000),
    10_000,
    'Retry-After is honoured',
  );
  assert.equal(
    retryDelay(1, b, () => 0, 10 * 60_000),
    60_000,
    'but not past the cap',
  );
});

test('quiet hours hold an alert until they end, in the subscriber time zone, across midnight', () => {
  const q = { from: parseClock('22:00'), to: parseClock('07:00') };
  assert.equal(inWindow(parseClock('23:30'), q), true);
  assert.equal(inWindow(parseClock('06:59'), q), true);
  assert.equal(inWindow(parseClock('07:00'), q), false);
  // 2024-03-05 15:39 UTC is 22:39 in Jakarta (UTC+7): held until 07:00 Jakarta = 00:00 UTC next day.
  const t = Date.UTC(2024, 2, 5, 15, 39, 20);
  assert.equal(localMinute(t, 'Asia/Jakarta'), 22 * 60 + 39);
  assert.equal(afterQuietHours(t, q, 'Asia/Jakarta'), Date.UTC(2024, 2, 6, 0, 0));
  assert.equal(afterQuietHours(t, q, 'UTC'), t, 'not quiet at 15:39 UTC');
  assert.equal(afterQuietHours(t, null, 'Asia/Jakarta'), t);
});

test('quiet hours follow the zone’s rules on the nights New York changes its clocks', () => {
  const ny = 'America/New_York';
  const q = { from: parseClock('22:00'), to: parseClock('06:00') };
  // 2026-11-01: at 02:00 EDT clocks go back to 01:00 EST. 06:00 EST is 11:00 UTC.
  const end = Date.UTC(2026, 10, 1, 11, 0);
  for (const [label, due] of [
    ['23:00 EDT the evening before', Date.UTC(2026, 10, 1, 3, 0)],
    ['00:30 EDT', Date.UTC(2026, 10, 1, 4, 30)],
    ['04:00 EST', Date.UTC(2026, 10, 1, 9, 0)],
    ['05:00 EST', Date.UTC(2026, 10, 1, 10, 0)],
  ] as const) {
    const at = afterQuietHours(due, q, ny);
    assert.equal(at, end, `an alert due at ${label} is held until 06:00 EST`);
    assert.equal(inWindow(localMinute(at, ny), q), false);
  }
  // 2026-03-08: at 02:00 EST clocks go forward to 03:00 EDT. 06:00 EDT is 10:00 UTC: not an hour later.
  assert.equal(afterQuietHours(Date.UTC(2026, 2, 8, 4, 0), q, ny), Date.UTC(2026, 2, 8, 10, 0));
  // A window ending at 02:30, a time that does not exist that night, ends when the clock jumps.
  const gap = { from: parseClock('22:00'), to: parseClock('02:30') };
  assert.equal(afterQuietHours(Date.UTC(2026, 2, 8, 4, 0), gap, ny), Date.UTC(2026, 2, 8, 7, 0));
});
