/**
 * A fixed-threshold detector for comparison, in the style of OpenStatus: "N reports in 15 minutes"
 * means a problem, whatever the service's usual level. No baseline, no hysteresis.
 */
import { SERVICE_STATES } from '../shared/status-vocabulary.ts';
import {
  type CommonOptions,
  type Detector,
  type DetectorReading,
  NO_EVIDENCE,
  type Observation,
} from './types.ts';

/** Options of fixed-threshold. */
export type FixedThresholdOptions = CommonOptions & {
  /** Reports in the window that mean "degraded" (10× for partial, 100× for major). Default 7. */
  threshold?: number;
  /** Window length. Default 15 minutes. */
  windowMinutes?: number;
};

/** Per-series state of fixed-threshold. */
export type FixedThresholdState = {
  threshold: number;
  ring: Float64Array;
  pos: number;
  sum: number;
  lastT: number;
  windowMinutes: number;
};

function init(options: FixedThresholdOptions = {}): FixedThresholdState {
  const interval = options.intervalMinutes ?? 1;
  if (!(interval >= 1 && interval <= 60)) throw new RangeError('intervalMinutes must be between 1 and 60');
  const windowMinutes = options.windowMinutes ?? 15;
  const steps = Math.max(1, Math.round(windowMinutes / interval));
  return {
    threshold: options.threshold ?? 7,
    ring: new Float64Array(steps),
    pos: 0,
    sum: 0,
    lastT: Number.NEGATIVE_INFINITY,
    windowMinutes: steps * interval,
  };
}

function step(s: FixedThresholdState, o: Observation): DetectorReading {
  if (!(o.t > s.lastT))
    throw new RangeError(`observation at ${o.t} is not after the previous one (${s.lastT})`);
  if (!(o.count >= 0)) throw new RangeError(`count must be a non-negative number, got ${o.count}`);
  s.lastT = o.t;
  s.sum += o.count - s.ring[s.pos]!;
  s.ring[s.pos] = o.count;
  s.pos = (s.pos + 1) % s.ring.length;
  const sum = Math.round(s.sum);
  const level = sum >= 100 * s.threshold ? 3 : sum >= 10 * s.threshold ? 2 : sum >= s.threshold ? 1 : 0;
  const evidence =
    level > 0
      ? [`${sum} reports in the last ${s.windowMinutes} min (threshold ${s.threshold}).`]
      : NO_EVIDENCE;
  return {
    t: o.t,
    status: SERVICE_STATES[level]!,
    score: Math.min(1, sum / (2 * s.threshold)),
    expected: s.threshold / s.ring.length,
    observed: o.count,
    evidence,
  };
}

/** The comparison detector: a fixed count per window, no time-of-week baseline. */
export const fixedThreshold: Detector<FixedThresholdState, FixedThresholdOptions> = {
  name: 'fixed-threshold',
  init,
  step,
};
