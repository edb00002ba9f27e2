/**
 * Per-series state of the seasonal-poisson detector: a plain object of numbers and typed arrays
 * (~2 KB), safe to keep for every series, to copy with structuredClone and to persist.
 */
import { type Baseline, newBaseline, primeBaseline } from './baseline.ts';
import type { SeasonalConfig } from './seasonal-options.ts';

/** Window figures of the current step (a scratch object reused by every step of one series). */
export type Windows = {
  /** Counted reports and expectation in the short and long windows, and their surprises (−log10 p). */
  xs: number;
  es: number;
  xl: number;
  el: number;
  ss: number;
  sl: number;
  /** The short window with a lone one-minute spike cut down (used to decide calm). */
  xc: number;
  /** Counted and expected reports over the last calmMinutes (the "is a tail left?" block). */
  xb: number;
  eb: number;
  /** The global factor applied to expectations. */
  gf: number;
  /** This step's raw count and its counted value after robustness discounts. */
  count: number;
  counted: number;
  /** This step's reports as the sustained sums count them (no floor for the busiest network). */
  lasting: number;
};

/** Per-series state of seasonal-poisson. */
export type SeasonalState = {
  config: SeasonalConfig;
  baseline: Baseline;
  /** Last `long` steps: counted reports outside the top network | top network's reports | expected. */
  ring: Float64Array;
  pos: number;
  lastT: number;
  /** Steps seen (including gaps). */
  age: number;
  /** Current state as an index into SERVICE_STATES (shared/status-vocabulary.ts). */
  status: number;
  /** Consecutive hot steps, and consecutive steps that were not calm (for the related path). */
  streak: number;
  warm: number;
  /** Counted and expected reports of the current hot streak beyond its first (burst-length) steps. */
  postX: number;
  postE: number;
  /** Consecutive calm steps, and steps spent below the current severity. */
  calm: number;
  lowFor: number;
  /** Start of the current incident (ms) or NaN. */
  openedAt: number;
  /** True when the prior says what this series' normal is (a surge may open from the first minutes). */
  priorKnown: boolean;
  /** Learned overdispersion φ, its sample weight and its moving sums Σ(r² − μ) and Σμ². */
  dispersion: number;
  dispersionWeight: number;
  dispersionNum: number;
  dispersionDen: number;
  /** Learned lag-one correlation of standardised residuals (0..0.9), and the last residual (NaN: none). */
  correlation: number;
  lastResidual: number;
  /**
   * Sustained-excess CUSUMs, one per sustained ratio (nats), and the counted and expected reports
   * since each last stood at zero, and the time of that step (for the evidence sentence).
   */
  sustained: Float64Array;
  sustainedFrom: Float64Array;
  sustainedX: Float64Array;
  sustainedE: Float64Array;
  /** Which test opened the current incident: 0 windows, 1 + k the k-th sustained sum, -1 cold start. */
  openedBy: number;
  /** Counted and expected reports since the incident opened, and the evidence that it is over (nats). */
  incidentX: number;
  incidentE: number;
  recovery: number;
  /** When the expectations an hour either side were last read, and the higher of them (per minute). */
  shiftAt: number;
  shiftRate: number;
  /** Learned usual top-country share and its sample weight. */
  usualCountry: number;
  usualCountryWeight: number;
  /** Scratch for the current step (never returned to callers). */
  windows: Windows;
};

/** A fresh state for resolved options (share one config object between many series to save memory). */
export function createSeasonalState(config: SeasonalConfig): SeasonalState {
  return {
    config,
    baseline: newBaseline(config.priorRate),
    ring: new Float64Array(3 * config.long),
    pos: 0,
    lastT: Number.NEGATIVE_INFINITY,
    age: 0,
    status: 0,
    streak: 0,
    warm: 0,
    postX: 0,
    postE: 0,
    calm: 0,
    lowFor: 0,
    openedAt: Number.NaN,
    priorKnown: config.priorKnown,
    dispersion: config.dispersion,
    dispersionWeight: 0,
    dispersionNum: 0,
    dispersionDen: 0,
    correlation: 0,
    lastResidual: Number.NaN,
    sustained: new Float64Array(config.sustainedLog.length),
    sustainedFrom: new Float64Array(config.sustainedLog.length),
    sustainedX: new Float64Array(config.sustainedLog.length),
    sustainedE: new Float64Array(config.sustainedLog.length),
    openedBy: 0,
    incidentX: 0,
    incidentE: 0,
    recovery: 0,
    shiftAt: Number.NEGATIVE_INFINITY,
    shiftRate: 0,
    usualCountry: 0,
    usualCountryWeight: 0,
    windows: {
      xs: 0,
      es: 0,
      xl: 0,
      el: 0,
      ss: 0,
      sl: 0,
      xc: 0,
      xb: 0,
      eb: 0,
      gf: 1,
      count: 0,
      counted: 0,
      lasting: 0,
    },
  };
}

/**
 * Gives a series with no history its expected rate (reports per minute), e.g. from the catalog's
 * kind or from the other services of an install, so a surge can be found from its first minutes.
 * No effect on a series already past its cold start.
 */
export function seedPrior(state: SeasonalState, rate: number): void {
  if (!(rate > 0) || state.age >= state.config.minHistorySteps) return;
  state.baseline.prior = Math.max(rate, state.config.floorRate);
  state.priorKnown = true;
}

/**
 * Seeds a state from rolled-up history (168 hour-of-week rates per minute, Monday 00:00 UTC first)
 * and marks it as past its learning period, so it can detect from the first observation.
 */
export function primeSeasonal(state: SeasonalState, weeklyRates: ArrayLike<number>, samples?: number): void {
  primeBaseline(state.baseline, weeklyRates, samples);
  state.age = Math.max(state.age, state.config.learningSteps);
  // An established series: its noise figures move slowly from here, not like a new series'.
  if (state.dispersionWeight === 0) {
    // Sums in units of the primed level's μ², so the prior φ holds until data says otherwise.
    const mu = Math.max(state.baseline.level * state.config.interval, state.config.floorRate);
    state.dispersionDen = mu * mu;
    state.dispersionNum = state.dispersion * mu * mu;
  }
  state.dispersionWeight = Math.max(state.dispersionWeight, 500);
}

/**
 * How far a series is through its learning period, in minutes of history, or null once learned
 * (primed from history, or past `learningMinutes`). For "still learning: N of M hours".
 */
export function learningProgress(state: SeasonalState): { minutes: number; of: number } | null {
  const c = state.config;
  if (state.age >= c.learningSteps) return null;
  return { minutes: state.age * c.interval, of: c.learningSteps * c.interval };
}

/** The rate the baseline settles on across the week (reports per minute): for other series' priors. */
export const learnedLevel = (state: SeasonalState): number => state.baseline.level;
