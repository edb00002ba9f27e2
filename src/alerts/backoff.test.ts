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
