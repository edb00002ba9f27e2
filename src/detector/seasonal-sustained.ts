/**
 * The sustained-excess test of seasonal-poisson (ADR 17): CUSUMs of the quasi-Poisson
 * log-likelihood ratio, and the opposite sum that tells when an incident's level is back near
 * normal. A few multiplications per step; no tail probabilities.
 */
import type { SeasonalState } from './seasonal-state.ts';

/**
 * Adds one step to every sustained sum: x counted where mu was expected, the log-likelihood ratio
 * of rate R·mu against mu (x·ln R − mu·(R − 1)), mu being the expectation raised by the tolerance, divided by the quasi-Poisson dispersion 1 + φ·mu,
 * capped per step so a burst cannot carry the sum alone. Returns the index of the first sum at or
 * above the threshold, or -1. `t` is the step's time (where a sum starts from zero is kept).
 */
export function addSustained(s: SeasonalState, t: number, x: number, expected: number): number {
  const c = s.config;
  const mu = expected * c.sustainedTolerance;
  // Quasi-Poisson dispersion, widened for correlated intervals: a sum over n steps whose noise has
  // lag-one correlation ρ varies about (1 + ρ) / (1 − ρ) times more than n independent steps.
  const rho = s.correlation;
  const d = (1 + s.dispersion * mu) * ((1 + rho) / (1 - rho));
  let over = -1;
  for (let k = 0; k < c.sustainedLog.length; k++) {
    const step = Math.min(c.sustainedCap, (x * c.sustainedLog[k]! - mu * c.sustainedLess[k]!) / d);
    const next = s.sustained[k]! + step;
    if (next <= 0) {
      s.sustained[k] = 0;
      s.sustainedX[k] = 0;
      s.sustainedE[k] = 0;
      continue;
    }
    if (s.sustained[k] === 0) s.sustainedFrom[k] = t;
    s.sustained[k] = next;
    s.sustainedX[k] = s.sustainedX[k]! + x;
    s.sustainedE[k] = s.sustainedE[k]! + expected;
    if (over < 0 && next >= c.sustainedThreshold) over = k;
  }
  return over;
}

/** Empties the sustained sums (after an incident closes, or while they cannot be trusted). */
export function clearSustained(s: SeasonalState): void {
  s.sustained.fill(0);
  s.sustainedX.fill(0);
  s.sustainedE.fill(0);
}

/** The largest sustained sum as a share of the threshold (0 when every sum is empty). */
export function sustainedShare(s: SeasonalState): number {
  let top = 0;
  for (let k = 0; k < s.sustained.length; k++) top = Math.max(top, s.sustained[k]!);
  return top / s.config.sustainedThreshold;
}

/**
 * While an incident is open: adds one step to the evidence that the level is back to normal, the
 * log-likelihood ratio of mu against R·mu, where R is the incident's own ratio so far (2 to 8): a
 * big outage is over as soon as reports are back near normal, a 2× one needs more minutes.
 */
export function addRecovery(s: SeasonalState, x: number, mu: number): void {
  s.incidentX += x;
  s.incidentE += mu;
  const r = Math.min(8, Math.max(2, s.incidentX / Math.max(s.incidentE, 1e-9)));
  const step = (mu * (r - 1) - x * Math.log(r)) / (1 + s.dispersion * mu);
  s.recovery = Math.max(0, s.recovery + step);
}

/** How long a building sum may keep its excess out of the baseline (beyond it, the level is learned). */
const HOLD_MS = 2 * 3_600_000;

/**
 * True while a sustained sum at a quarter of its threshold or more started within the last two
 * hours: its excess is kept out of the baseline meanwhile. After two hours without reaching the
 * threshold the baseline learns again, so a baseline that is simply too low cannot lock itself out.
 */
export function holdsBaseline(s: SeasonalState, t: number): boolean {
  const c = s.config;
  for (let k = 0; k < s.sustained.length; k++) {
    if (s.sustained[k]! >= 0.25 * c.sustainedThreshold && t - s.sustainedFrom[k]! < HOLD_MS) return true;
  }
  return false;
}
