import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binomial, deriveSeed, mulberry32, multinomial, normal, poisson } from './random.ts';

const moments = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
  return { mean, variance };
};

test('mulberry32 is deterministic, uniform on [0, 1) and seed-sensitive', () => {
  const a = mulberry32(7);
  const b = mulberry32(7);
  const xs = Array.from({ length: 10_000 }, () => a.next());
  assert.deepEqual(
    xs.slice(0, 5),
    Array.from({ length: 5 }, () => b.next()),
  );
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  assert.ok(Math.abs(moments(xs).mean - 0.5) < 0.01);
  assert.notEqual(mulberry32(8).next(), mulberry32(7).next());
  assert.notEqual(deriveSeed(1, 'instagram'), deriveSeed(1, 'facebook'));
  assert.equal(deriveSeed(1, 'instagram'), deriveSeed(1, 'instagram'));
});

test('normal has mean 0 and variance 1', () => {
  const r = mulberry32(1);
  const { mean, variance } = moments(Array.from({ length: 20_000 }, () => normal(r)));
  assert.ok(Math.abs(mean) < 0.03 && Math.abs(variance - 1) < 0.05, `${mean} ${variance}`);
});

test('poisson matches its mean and variance for small and large rates', () => {
  const r = mulberry32(2);
  for (const lambda of [0.05, 3, 9.9, 10, 40, 5000, 300_000]) {
    const { mean, variance } = moments(Array.from({ length: 20_000 }, () => poisson(r, lambda)));
    const se = Math.sqrt(lambda / 20_000);
    assert.ok(Math.abs(mean - lambda) < 5 * se + 1e-9, `λ=${lambda}: mean ${mean}`);
    assert.ok(Math.abs(variance / lambda - 1) < 0.06, `λ=${lambda}: variance ${variance}`);
  }
  assert.equal(poisson(r, 0), 0);
});

test('binomial and multinomial keep every report', () => {
  const r = mulberry32(3);
  for (const n of [0, 1, 7, 39, 40, 1000, 250_000]) {
    const k = binomial(r, n, 0.3);
    assert.ok(k >= 0 && k <= n && Number.isInteger(k));
    const parts = multinomial(r, n, [0.5, 0.25, 0.2, 0.05], [0, 0, 0, 0]);
    assert.equal(
      parts.reduce((a, b) => a + b, 0),
      n,
    );
    assert.ok(parts.every((p) => p >= 0));
  }
  const { mean } = moments(Array.from({ length: 5000 }, () => binomial(r, 1000, 0.3)));
  assert.ok(Math.abs(mean - 300) < 2);
});
