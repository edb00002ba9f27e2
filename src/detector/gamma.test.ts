import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lnGamma, lnPoissonTail, poissonSurprise } from './gamma.ts';

/** Brute force: sum the Poisson pmf from k upward in log space (reference for integer k). */
function bruteLnTail(k: number, mean: number): number {
  const lnPmf = (n: number) => n * Math.log(mean) - mean - lnGamma(n + 1);
  const first = lnPmf(k);
  let sum = 0;
  for (let n = k; n < k + 20 * Math.sqrt(k + mean) + 200; n++) sum += Math.exp(lnPmf(n) - first);
  return first + Math.log(sum);
}

test('lnGamma matches factorials and Γ(1/2)', () => {
  assert.ok(Math.abs(lnGamma(1)) < 1e-12);
  assert.ok(Math.abs(lnGamma(5) - Math.log(24)) < 1e-12);
  assert.ok(Math.abs(lnGamma(0.5) - Math.log(Math.sqrt(Math.PI))) < 1e-12);
  assert.ok(Math.abs(lnGamma(171) - 706.5730622457874) < 1e-9);
  assert.ok(Math.abs(lnGamma(12.5) - 18.734347511936445) < 1e-11);
});

test('Poisson tail agrees with brute force for small and large counts', () => {
  const cases: [number, number][] = [
    [1, 0.05],
    [3, 0.75],
    [7, 0.75],
    [20, 2],
    [50, 48],
    [60, 40],
    [412, 38],
    [1200, 1000],
    [36_000, 30_000],
    [600_000, 27],
    [540_000, 520_000],
  ];
  for (const [k, mean] of cases) {
    const got = lnPoissonTail(k, mean);
    const want = bruteLnTail(k, mean);
    assert.ok(
      Math.abs(got - want) <= 1e-7 * Math.max(1, Math.abs(want)),
      `k=${k} mean=${mean}: ${got} vs ${want}`,
    );
  }
});

test('Poisson tail below the mean is close to 1 and monotone in k', () => {
  assert.equal(lnPoissonTail(0, 5), 0);
  assert.ok(lnPoissonTail(2, 10) > -0.01);
  let previous = 0;
  for (let k = 1; k < 60; k += 0.5) {
    const v = lnPoissonTail(k, 10);
    assert.ok(v <= previous + 1e-12, `not monotone at ${k}`);
    assert.ok(Number.isFinite(v));
    previous = v;
  }
  assert.equal(lnPoissonTail(3, 0), Number.NEGATIVE_INFINITY);
});

test('surprise of 412 in 15 min vs 38 expected is astronomically high but finite', () => {
  const s = poissonSurprise(412, 38);
  assert.ok(s > 200 && s < 400, String(s));
  assert.ok(Number.isFinite(poissonSurprise(10_000_000, 100)));
});
