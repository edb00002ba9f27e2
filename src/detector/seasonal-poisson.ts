/**
 * The main detector: a seasonal baseline per time of week, quasi-Poisson upper-tail tests over a
 * short (3 min) and a long (15 min) window, CUSUMs for a small excess that lasts (ADR 17), and
 * hysteresis both ways: a short burst does not open, a quiet minute does not close, and closing
 * needs the level back near normal. Per step it does a few dozen additions; tail probabilities are
 * only computed when a window is at least 1.5× its expectation.
 */
import { SERVICE_STATES } from '../shared/status-vocabulary.ts';
import { HOUR } from '../shared/time.ts';
import { expectedRate } from './baseline.ts';
import { explain } from './seasonal-evidence.ts';
import { resolveSeasonalOptions, type SeasonalOptions } from './seasonal-options.ts';
import {
  adapt,
  highNow,
  kappaOf,
  learnDispersion,
  scoreOf,
  severity,
  surprise,
  unusual,
} from './seasonal-rules.ts';
import { createSeasonalState, type SeasonalState, type Windows } from './seasonal-state.ts';
import {
  addRecovery,
  addSustained,
  clearSustained,
  holdsBaseline,
  sustainedShare,
} from './seasonal-sustained.ts';
import { fillGap, ingest, scan } from './seasonal-windows.ts';
import { type Detector, type DetectorReading, NO_EVIDENCE, type Observation } from './types.ts';

export {
  createSeasonalState,
  learnedLevel,
  learningProgress,
  primeSeasonal,
  type SeasonalState,
  seedPrior,
} from './seasonal-state.ts';

/** Closes the incident and forgets what it accumulated. */
function close(s: SeasonalState): void {
  s.status = 0;
  s.openedAt = Number.NaN;
  s.openedBy = 0;
  s.streak = 0;
  s.postX = 0;
  s.postE = 0;
  clearSustained(s);
}

/**
 * Opens, escalates, steps down or resolves. `sustained` is the index of a sustained sum at its
 * threshold (or -1); `cold` is true before minHistory, when only the fast path may open, and only
 * once the expectation is `informed` (a known prior, or coldMinutes of this series).
 */
function transition(
  s: SeasonalState,
  o: Observation,
  w: Windows,
  calm: boolean,
  hot: boolean,
  mu: number,
  sustained: number,
  cold: boolean,
  informed: boolean,
): void {
  const c = s.config;
  const phi = s.dispersion;
  const rs = w.xs / w.es;
  const ratio = Math.max(rs, w.xl / w.el);
  if (s.status === 0) {
    // Two hot minutes suffice when the short window is very high; either way the latest minute
    // must still be high (not just the window's memory of a burst).
    const fast =
      s.streak >= 2 &&
      rs >= c.minRatio &&
      w.ss >= c.hotSurprise &&
      rs >= c.fastRatio &&
      w.ss >= c.fastSurprise &&
      w.xs - w.es >= c.fastMinExcess &&
      highNow(c, w.counted, mu, phi);
    // A sibling already down makes a shared cause likely, but its excess must outlast a burst.
    const related =
      o.relatedIncident === true &&
      s.warm >= c.relatedSteps &&
      w.counted >= c.closeRatio * mu &&
      surprise(w.counted, mu, phi, 1) >= 2;
    // Otherwise what a short burst cannot explain (the streak after its first steps) must be high.
    const confirmed =
      s.streak >= c.confirmSteps &&
      s.postX >= c.minRatio * s.postE &&
      surprise(s.postX, s.postE, phi, s.streak - c.confirmSteps + 1, kappaOf(s)) >= c.nowSurprise;
    const open = cold ? fast && informed : fast || related || confirmed || sustained >= 0;
    if (open) {
      // Before minHistory the level is a guess: say "possible problems", not more.
      s.status = cold || !hot ? 1 : severity(c, ratio, w.xl - w.el);
      s.openedAt = o.t;
      s.openedBy = cold ? -1 : fast || related || confirmed ? 0 : 1 + sustained;
      s.calm = 0;
      s.lowFor = 0;
      s.incidentX = 0;
      s.incidentE = 0;
      s.recovery = 0;
    }
    return;
  }
  addRecovery(s, w.counted, mu);
  s.calm = calm ? s.calm + 1 : 0;
  // Resolve after calmSteps calm minutes, unless those minutes together still show a tail (p < 0.05):
  // at low counts a few calm windows in a row happen by chance while the service is still failing.
  // The level must also be back near normal (recovery evidence), not merely below 2×.
  const tail = w.xb >= c.closeRatio * w.eb && surprise(w.xb, w.eb, phi, c.calmSteps, kappaOf(s)) >= 1.3;
  if (s.calm >= c.calmSteps && !tail && s.recovery >= c.recoveryThreshold) {
    close(s);
    return;
  }
  // Worse than "possible problems" needs a window that is conclusive now, not only a large ratio.
  const raw = cold || !hot ? 1 : severity(c, ratio, w.xl - w.el);
  if (raw > s.status) {
    s.status = raw;
    s.lowFor = 0;
  } else if (raw < s.status && ++s.lowFor >= c.downgradeSteps) {
    s.status -= 1;
    s.lowFor = 0;
  } else if (raw === s.status) s.lowFor = 0;
}

/** Minutes between two reads of the expectations an hour either side (they move slowly). */
const SHIFT_EVERY_MS = 5 * 60_000;

/** The higher of the expected rates an hour before and an hour after t, re-read every 5 minutes. */
function shiftedRate(s: SeasonalState, t: number): number {
  if (!(t - s.shiftAt < SHIFT_EVERY_MS && t >= s.shiftAt)) {
    s.shiftAt = t;
    s.shiftRate = Math.max(expectedRate(s.baseline, t - HOUR), expectedRate(s.baseline, t + HOUR));
  }
  return s.shiftRate;
}

function step(s: SeasonalState, o: Observation): DetectorReading {
  const c = s.config;
  const t = o.t;
  if (!(t > s.lastT)) throw new RangeError(`observation at ${t} is not after the previous one (${s.lastT})`);
  if (!(o.count >= 0)) throw new RangeError(`count must be a non-negative number, got ${o.count}`);
  if (s.lastT !== Number.NEGATIVE_INFINITY) fillGap(s, t);
  const gf = o.globalFactor !== undefined && o.globalFactor > 1 ? o.globalFactor : 1;
  const muBase = Math.max(expectedRate(s.baseline, t), c.floorRate) * c.interval;
  const mu = muBase * gf;
  const w = s.windows;
  w.gf = gf;
  w.count = o.count;
  w.counted = ingest(s, o, mu);
  scan(s, w);
  const phi = s.dispersion;
  const rs = w.xs / w.es;
  const rl = w.xl / w.el;
  const kappa = kappaOf(s);
  w.ss = rs >= 1.5 ? surprise(w.xs, w.es, phi, c.short, kappa) : 0;
  w.sl = rl >= 1.5 ? surprise(w.xl, w.el, phi, c.long, kappa) : 0;
  const hot = (rs >= c.minRatio && w.ss >= c.hotSurprise) || (rl >= c.minRatio && w.sl >= c.hotSurprise);
  const calm = !(w.xc >= c.closeRatio * w.es && surprise(w.xc, w.es, phi, c.short, kappa) >= c.closeSurprise);
  s.streak = hot ? s.streak + 1 : 0;
  s.warm = calm ? 0 : s.warm + 1;
  if (s.streak === 0) {
    s.postX = 0;
    s.postE = 0;
  } else if (s.streak >= c.confirmSteps) {
    s.postX += w.counted;
    s.postE += mu;
  }
  const learning = s.age < c.learningSteps;
  const cold = s.age < c.minHistorySteps;
  // Whether the expectation means anything yet: a known prior, or a few steps of this series.
  const informed = s.priorKnown || s.age >= c.coldSteps;
  // The sustained sums need the weekly shape: while learning, the daily cycle alone would feed them.
  // They test against the highest expectation within an hour either side: a daily ramp that comes
  // an hour early (a daylight-saving change, a holiday morning) is not an excess that lasts.
  const sustained = learning
    ? -1
    : addSustained(s, t, w.lasting, Math.max(mu, shiftedRate(s, t) * c.interval * gf));
  transition(s, o, w, calm, hot, mu, sustained, cold, informed);

  // A surge during learning is learned slowly (a new install must not take it for its normal), and
  // while a sustained sum is building up the excess stays out of the baseline, else a slow 2× would
  // be learned as normal before it is found.
  const building = !learning && holdsBaseline(s, t);
  if (
    learning ||
    (s.status === 0 && calm && !building && !unusual(c, w.counted, mu, phi)) ||
    (s.status > 0 && (t - s.openedAt) / c.stepMs >= c.relearnSteps)
  ) {
    adapt(s, o, t, w.counted / gf, muBase, learning, informed && (hot || s.status > 0));
  }
  // Not while learning: while the level itself is a guess, its errors would look like noise.
  if (s.status === 0 && !building && s.streak === 0 && !learning) learnDispersion(s, w.counted / gf, muBase);
  else s.lastResidual = Number.NaN;
  s.age += 1;
  s.lastT = t;

  // The long window only counts while the short one is still up, so the score falls with the reports.
  // Nothing is claimed before minHistory except a surge the fast path can see: the prior may be far
  // from this service's level.
  const trusted = s.age > c.minHistorySteps;
  const windowScore = Math.max(scoreOf(w.ss, rs), calm ? 0 : scoreOf(w.sl, rl));
  const score = trusted
    ? Math.max(windowScore, Math.min(1, sustainedShare(s) / 2))
    : s.status > 0
      ? windowScore
      : 0;
  const evidence = s.status > 0 || score >= 0.5 || learning ? explain(s, w, learning) : NO_EVIDENCE;
  return { t, status: SERVICE_STATES[s.status]!, score, expected: mu, observed: w.counted, evidence };
}

/** The seasonal Poisson detector (the default). `step` mutates the state in place. */
export const seasonalPoisson: Detector<SeasonalState, SeasonalOptions> = {
  name: 'seasonal-poisson',
  init: (options) => createSeasonalState(resolveSeasonalOptions(options)),
  step,
};
