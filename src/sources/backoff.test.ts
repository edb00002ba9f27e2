import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Backoff } from './backoff.ts';

test('backoff grows to its cap with jitter and resets', () => {
  const top = new Backoff({ minMs: 100, maxMs: 1000, random: () => 1 });
  assert.deepEqual(
    Array.from({ length: 6 }, () => top.next()),
    [100, 200, 400, 800, 1000, 1000],
  );
  top.reset();
  assert.equal(top.next(), 100);
  const bottom = new Backoff({ minMs: 100, maxMs: 1000, random: () => 0 });
  for (let i = 0; i < 50; i++) assert.equal(bottom.next(), 100);
  assert.equal(bottom.attempt, 50);
});
