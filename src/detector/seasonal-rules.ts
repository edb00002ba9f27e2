/**
 * The small decisions of seasonal-poisson: what a flood from one network counts for, when one
 * interval is "high", how severe an incident is, the score, and how the baseline learns.
 */
import { learn } from './baseline.ts';
import { poissonSurprise } from './gamma.ts';
import type { SeasonalConfig } from './seasonal-options.ts';
import type { SeasonalState } from './seasonal-state.ts';
import type { Observation } from './types.ts';

/**
 * Reports that count: the rest, plus the busiest network's reports up to `allowance` × the rest
 * (at least 1), so 500 identities from one /24 weigh like a few independent people.
 */
export const allowed = (rest: number, top: number, allowance: number): number =>
  rest + Math.min(top, Math.max(1, rest * allowance));

/**
 * Quasi-Poisson surprise (−log10 p) of x where mu was expected, with overdispersion φ over `steps`.
 * `kappa` (≥ 1) widens a sum over several steps whose noise is correlated from step to step.
 */
export function surprise(x: number, mu: number, phi: number, steps: number, kappa = 1): number {
  const d = (1 + (phi * mu) / steps) * (steps > 1 ? kappa : 1);
  return poissonSurprise(x / d, mu / d);
}

/** How much more a sum over several steps varies than independent steps would: (1 + ρ) / (1 − ρ). */
export const kappaOf = (s: SeasonalState): number => (1 + s.correlation) / (1 - s.correlation);

/** 0..1: surprise 10 (p = 1e-10) and ratio 10 give 1. */
export const scoreOf = (s: number, ratio: number): number =>
  ratio > 1 ? Math.min(1, s / 10) * Math.min(1, Math.log(ratio) / Math.LN10) : 0;

/** True when this step alone is ≥ minRatio × expected with p < alphaNow. */
export const highNow = (c: SeasonalConfig, counted: number, mu: number, phi: number): boolean =>
  counted >= c.minRatio * mu && surprise(counted, mu, phi, 1) >= c.nowSurprise;

/** True when this step alone is surprisingly high (p < 0.01): kept out of the baseline. */
export const unusual = (c: SeasonalConfig, counted: number, mu: number, phi: number): boolean =>
  counted >= c.closeRatio * mu && counted >= 2 && surprise(counted, mu, phi, 1) >= 2;

/** Severity index (1..3) from the ratio and the long window's excess scaled to reports per 15 minutes. */
export function severity(c: SeasonalConfig, ratio: number, excessLong: number): number {
  const excess15 = (excessLong * 15) / (c.long * c.interval);
  if (ratio >= c.majorRatio && excess15 >= c.majorMinExcess) return 3;
  if (ratio >= c.partialRatio && excess15 >= c.partialMinExcess) return 2;
  return 1;
}

/**
 * Learns from one step: baseline (clipped: loosely while learning, at mean + 4σ + 2 after, and
 * tightly while learning through a surge, so a surge on a new install is not learned as its normal
 * within minutes) and the usual top-country share. `x` is the counted value divided
 * by globalFactor, `mu` the expectation without it.
 */
export function adapt(
  s: SeasonalState,
  o: Observation,
  t: number,
  x: number,
  mu: number,
  learning: boolean,
  surge = false,
): void {
  const c = s.config;
  const hi = learning
    ? surge
      ? 1.5 * mu + 1
      : 10 * mu + 5
    : mu + 4 * Math.sqrt(mu * (1 + s.dispersion * mu)) + 2;
  const clipped = Math.min(x, hi);
  learn(s.baseline, t, clipped / c.interval, c.interval);
  if (o.topCountryShare !== undefined && o.count >= 5) {
    s.usualCountryWeight = Math.min(s.usualCountryWeight + 1, 1000);
    s.usualCountry += (o.topCountryShare - s.usualCountry) / s.usualCountryWeight;
  }
}

/** Largest overdispersion learned: bursty social-media volumes reach φ ≈ 1–2 per interval. */
const MAX_DISPERSION = 3;

/**
 * Learns the overdispersion φ (variance = μ + φμ²) and the lag-one correlation of the standardised
 * residuals from one operational step, bursts included: a series whose normal is bursty must not
 * have its bursts left out of what "normal" means, and a burst that lasts several intervals makes
 * a sum over them vary more than independent intervals would. Only an outlier beyond 8 standard
 * deviations is clipped. A running mean at first, then a memory of ~2000 steps. `x` and `mu` as
 * for `adapt`.
 */
export function learnDispersion(s: SeasonalState, x: number, mu: number): void {
  // Below 0.3 reports per step the baseline's own estimation noise would pass for
  // overdispersion (it is divided by μ²); the caller also waits until the baseline is learned.
  if (mu < 0.3) {
    s.lastResidual = Number.NaN;
    return;
  }
  const sd = Math.sqrt(mu * (1 + s.dispersion * mu));
  const r = Math.min(x, mu + 8 * sd + 5) - mu;
  // φ = Σ(r² − μ) / Σμ² (moving sums): a ratio estimator that stays sane where μ is a fraction of
  // a report, which the per-step (r² − μ) / μ² is not.
  if (s.dispersionWeight === 0) {
    s.dispersionDen = mu * mu;
    s.dispersionNum = s.dispersion * mu * mu;
  }
  s.dispersionWeight = Math.min(s.dispersionWeight + 1, 2000);
  const rate = 1 / (s.dispersionWeight + 20);
  s.dispersionNum += (r * r - mu - s.dispersionNum) * rate;
  s.dispersionDen += (mu * mu - s.dispersionDen) * rate;
  s.dispersion = Math.min(MAX_DISPERSION, Math.max(0.01, s.dispersionNum / s.dispersionDen));
  const z = Math.max(-5, Math.min(5, r / sd));
  if (!Number.isNaN(s.lastResidual)) {
    s.correlation = Math.min(0.9, Math.max(0, s.correlation + (z * s.lastResidual - s.correlation) * rate));
  }
  s.lastResidual = z;
}
