/**
 * Count statistics in log space: ln Γ and the Poisson upper tail through the regularized incomplete
 * gamma function, stable from fractions of a report to millions of reports per window.
 */

const LN_SQRT_2PI = 0.9189385332046728;
const LANCZOS = [
  0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406,
  12.507343278686905, -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Stirling series above 10, Lanczos g=7 below; relative error < 1e-13). */
export function lnGamma(x: number): number {
  if (x >= 10) {
    const inv = 1 / x;
    const inv2 = inv * inv;
    const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680)));
    return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + series;
  }
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return LN_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ln of the regularized lower incomplete gamma P(a, x) by its power series (use when x < a + 1). */
function lnLowerSeries(a: number, x: number): number {
  let term = 1;
  let sum = 1;
  for (let n = 1; n < 100_000; n++) {
    term *= x / (a + n);
    sum += term;
    if (term < sum * 1e-15) break;
  }
  return a * Math.log(x) - x - lnGamma(a + 1) + Math.log(sum);
}

/** ln of the regularized upper incomplete gamma Q(a, x) by Lentz's continued fraction (x ≥ a + 1). */
function lnUpperFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return a * Math.log(x) - x - lnGamma(a) + Math.log(h);
}

/**
 * ln P(N ≥ k) for N ~ Poisson(mean), extended to real k through P(N ≥ k) = P(k, mean), the
 * regularized lower incomplete gamma function. Returns 0 for k ≤ 0; -Infinity for mean = 0 < k.
 * Cost: a few dozen iterations when k is well above the mean, which is the only case detectors ask.
 */
export function lnPoissonTail(k: number, mean: number): number {
  if (k <= 0) return 0;
  if (mean <= 0) return Number.NEGATIVE_INFINITY;
  if (mean < k + 1) return Math.min(0, lnLowerSeries(k, mean));
  const q = Math.exp(lnUpperFraction(k, mean));
  return Math.log1p(-Math.min(q, 1));
}

/** −log10 of the Poisson upper tail (the "surprise" of seeing k or more where `mean` was expected). */
export const poissonSurprise = (k: number, mean: number): number => -lnPoissonTail(k, mean) / Math.LN10;
