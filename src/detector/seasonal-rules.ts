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

/** Quasi-Poisson surprise (−log10 p) of x where mu was expected, with overdispersion φ over `steps`. */
export function surprise(x: number, mu: number, phi: number, steps: number): number {
  const d = 1 + (phi * mu) / steps;
  return poissonSurprise(x / d, mu / d);
}

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
 * within minutes), overdispersion and the usual top-country share. `x` is the counted value divided
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
  if (!learning && mu >= 1) {
    const r = clipped - mu;
    const e = (r * r - mu) / (mu * mu);
    s.dispersion = Math.min(0.5, Math.max(0.01, s.dispersion + (e - s.dispersion) / 2000));
  }
  if (o.topCountryShare !== undefined && o.count >= 5) {
    s.usualCountryWeight = Math.min(s.usualCountryWeight + 1, 1000);
    s.usualCountry += (o.topCountryShare - s.usualCountry) / s.usualCountryWeight;
  }
}
