/**
 * The detector for continuous series (response times, utilisation, temperatures, balances: any real
 * value, negative included): a seasonal mean per time of week (the same three-tier baseline as the
 * count detector), a robust spread (mean absolute deviation), and a two-sided robust z-score with
 * hysteresis both ways, plus CUSUMs of z so a small shift that lasts is found. Pure; `step` mutates
 * the state in place. `downwatch detect` picks it when a series is not counts (ADR 17).
 */

import { SERVICE_STATES } from '../shared/status-vocabulary.ts';
import { type Baseline, expectedRate, learn, newBaseline } from './baseline.ts';
import {
  type CommonOptions,
  type Detector,
  type DetectorReading,
  NO_EVIDENCE,
  type Observation,
} from './types.ts';

/** Options of seasonal-level, in minutes and z units (robust standard deviations). */
export type SeasonalLevelOptions = CommonOptions & {
  /** History before any incident may open. Default 60 minutes, at least 10 intervals. */
  minHistoryMinutes?: number;
  /** History during which every value is learned (the seasonal shape). Default 1440. */
  learningMinutes?: number;
  /** |z| of a hot interval; three hot intervals in a row on one side open (two could be a burst). Default 4. */
  hotZ?: number;
  /** |z| below which an interval is calm; calmMinutes calm minutes resolve. Defaults 2 and 5. */
  calmZ?: number;
  calmMinutes?: number;
  /** CUSUM of |z| − 1 (one sum per side) that opens; one step adds at most a tenth. Default 12. */
  sustainedThreshold?: number;
  /** Severity: partial at |z| ≥ partialZ, major at ≥ majorZ. Defaults 10 and 25. */
  partialZ?: number;
  majorZ?: number;
};

type Config = {
  interval: number;
  minHistory: number;
  learning: number;
  hotZ: number;
  calmZ: number;
  calmSteps: number;
  threshold: number;
  cap: number;
  partialZ: number;
  majorZ: number;
};

/** Per-series state: numbers and the baseline's typed array (~1.5 KB). */
export type SeasonalLevelState = {
  config: Config;
  baseline: Baseline;
  /** Mean absolute deviation from the baseline, and how many steps it has seen (capped). */
  spread: number;
  spreadWeight: number;
  lastT: number;
  age: number;
  status: number;
  /** Consecutive hot steps on one side (+ above, − below), calm steps, and the CUSUMs. */
  streak: number;
  calm: number;
  up: number;
  down: number;
  openedAt: number;
};

const steps = (minutes: number, interval: number) => Math.max(1, Math.ceil(minutes / interval - 1e-9));

function resolve(o: SeasonalLevelOptions = {}): Config {
  const interval = o.intervalMinutes ?? 1;
  if (!(interval >= 1 && interval <= 60)) throw new RangeError('intervalMinutes must be between 1 and 60');
  const threshold = o.sustainedThreshold ?? 12;
  return {
    interval,
    minHistory: Math.max(10, steps(o.minHistoryMinutes ?? 60, interval)),
    learning: steps(o.learningMinutes ?? 1440, interval),
    hotZ: o.hotZ ?? 4,
    calmZ: o.calmZ ?? 2,
    calmSteps: steps(o.calmMinutes ?? 5, interval),
    threshold,
    cap: threshold / 10,
    partialZ: o.partialZ ?? 10,
    majorZ: o.majorZ ?? 25,
  };
}

/** Mean absolute deviation → standard deviation of a normal distribution. */
const MAD_TO_SD = 1.2533;
/** Memory of the spread: about a day of minutes. */
const SPREAD_MEMORY = 1440;

function init(options?: SeasonalLevelOptions): SeasonalLevelState {
  return {
    config: resolve(options),
    baseline: newBaseline(0),
    spread: 0,
    spreadWeight: 0,
    lastT: Number.NEGATIVE_INFINITY,
    age: 0,
    status: 0,
    streak: 0,
    calm: 0,
    up: 0,
    down: 0,
    openedAt: Number.NaN,
  };
}

const fmt = (n: number) => (Math.abs(n) >= 100 ? String(Math.round(n)) : n.toPrecision(3));

function step(s: SeasonalLevelState, o: Observation): DetectorReading {
  const c = s.config;
  const t = o.t;
  if (!(t > s.lastT)) throw new RangeError(`observation at ${t} is not after the previous one (${s.lastT})`);
  const x = o.count;
  if (!Number.isFinite(x)) throw new RangeError(`value must be a finite number, got ${x}`);
  const mu = expectedRate(s.baseline, t);
  // The spread never reaches zero: a constant series would make any change infinitely surprising.
  const sd = Math.max(MAD_TO_SD * s.spread, 1e-6 * (Math.abs(mu) + 1));
  const z = s.age === 0 ? 0 : (x - mu) / sd;
  const az = Math.abs(z);
  const sign = z >= 0 ? 1 : -1;
  const hot = az >= c.hotZ;
  s.streak = hot ? (Math.sign(s.streak) === sign ? s.streak + sign : sign) : 0;
  const trusted = s.age >= c.minHistory;
  const learning = s.age < c.learning;
  if (trusted) {
    s.up = Math.max(0, s.up + Math.min(c.cap, z - 1));
    s.down = Math.max(0, s.down + Math.min(c.cap, -z - 1));
  }
  const run = Math.abs(s.streak);
  if (s.status === 0) {
    const open = trusted && (run >= 3 || s.up >= c.threshold || s.down >= c.threshold);
    if (open) {
      s.status = az >= c.majorZ ? 3 : az >= c.partialZ ? 2 : 1;
      s.openedAt = t;
      s.calm = 0;
    }
  } else {
    s.calm = az < c.calmZ ? s.calm + 1 : 0;
    if (s.calm >= c.calmSteps) {
      s.status = 0;
      s.openedAt = Number.NaN;
      s.up = 0;
      s.down = 0;
    } else if (az >= c.majorZ) s.status = 3;
    else if (az >= c.partialZ) s.status = Math.max(s.status, 2);
  }
  // Learn while learning (clipped once the spread is known) or while calm and operational.
  if (learning || (s.status === 0 && az < c.hotZ - 1 && s.up < c.threshold / 2 && s.down < c.threshold / 2)) {
    const clipped = s.age < c.minHistory ? x : Math.min(mu + 4 * sd, Math.max(mu - 4 * sd, x));
    learn(s.baseline, t, clipped, c.interval);
    s.spreadWeight = Math.min(s.spreadWeight + 1, SPREAD_MEMORY / c.interval);
    s.spread += (Math.abs(clipped - mu) - s.spread) / s.spreadWeight;
  }
  s.age += 1;
  s.lastT = t;
  const score = trusted ? Math.min(1, az / 10) : 0;
  const evidence =
    s.status > 0 || score >= 0.5
      ? [
          `${fmt(x)} against ${fmt(mu)} usual at this time (${fmt(az)} standard deviations ${sign > 0 ? 'above' : 'below'}).`,
          ...(s.up >= c.threshold / 2 || s.down >= c.threshold / 2
            ? [`The level has stayed ${s.up >= s.down ? 'above' : 'below'} usual for a while.`]
            : []),
        ]
      : NO_EVIDENCE;
  return { t, status: SERVICE_STATES[s.status]!, score, expected: mu, observed: x, evidence };
}

/** The continuous-series detector. */
export const seasonalLevel: Detector<SeasonalLevelState, SeasonalLevelOptions> = {
  name: 'seasonal-level',
  init,
  step,
};
