/**
 * The detector contract: one series (one service's per-minute count of counted problem reports)
 * goes in one observation at a time; a reading comes out. Pure: no clock, no I/O, no randomness.
 * The states it gives are the shared service states (shared/status-vocabulary.ts).
 */
import type { ServiceState } from '../shared/status-vocabulary.ts';

/**
 * One sampling interval of one series. Only `t` and `count` are required; every other field is an
 * optional robustness input that makes the reading more careful when the caller knows it.
 */
export type Observation = {
  /** Start of the interval, epoch ms UTC. Must increase from one call to the next. */
  t: number;
  /** Counted reports in the interval (after the intake's one-per-identity-per-15-min dedupe). ≥ 0. */
  count: number;
  /** Distinct identities behind `count`; when lower than `count`, only this many are counted. */
  identities?: number;
  /** Distinct networks (/24 for IPv4, /48 for IPv6) behind `count`; used in evidence only. */
  networks?: number;
  /** Share (0..1) of `count` coming from the single busiest network. Floods from one network weigh less. */
  topNetworkShare?: number;
  /** Share (0..1) of `count` coming from the single busiest country. */
  topCountryShare?: number;
  /** The usual value of `topCountryShare` for this service; learned from history when omitted. */
  usualTopCountryShare?: number;
  /**
   * Site-wide (or peer-group) traffic multiplier versus normal, e.g. 3 when the whole site gets three
   * times its usual reports because it went viral, or every ISP spikes together. Values below 1 are
   * ignored. See `peerFactor` for a robust way to compute it.
   */
  globalFactor?: number;
  /**
   * This interval's reports as peers should count them, damped per network (the store's
   * `dampedReports`: Σ √reports per network). The fleet's peer factors use it; when omitted the
   * fleet damps `count` with `identities` and `topNetworkShare` itself. Not used by detectors.
   */
  peerReports?: number;
  /**
   * True when a related service (same provider, or a dependency) already has an open incident.
   * Independent services rarely burst at the same minute, so two hot minutes then suffice to open.
   */
  relatedIncident?: boolean;
};

/**
 * What a detector reads from one interval of its series: a state, how strong the evidence is, and
 * the figures behind it. (Not what a person is told: that is the problem level, shared/status-vocabulary.ts.)
 */
export type DetectorReading = {
  /** The observation's `t`. */
  t: number;
  /** Status after hysteresis: one burst does not open, one quiet minute does not close. */
  status: ServiceState;
  /** Strength of the evidence for a problem, 0 (consistent with normal) to 1 (overwhelming). Not a probability. */
  score: number;
  /** Reports expected in this interval for this time of week (after `globalFactor`). */
  expected: number;
  /** Reports counted in this interval after the robustness discounts (≤ `count`). */
  observed: number;
  /** Short human sentences backing the reading; a shared frozen array when there is nothing to say. */
  evidence: readonly string[];
};

/** Options every detector understands. */
export type CommonOptions = {
  /** Minutes per observation (1 to 60). Expectations and windows scale with it. Default 1. */
  intervalMinutes?: number;
};

/**
 * A detector implementation. `init` makes the per-series state (a small plain object, safe to keep
 * in memory for every series and to copy with `structuredClone`); `step` advances it by one
 * observation IN PLACE and returns the reading. Callers must not share one state between series.
 */
export interface Detector<S, O extends CommonOptions = CommonOptions> {
  /** Stable id used in benchmarks and configuration ("seasonal-poisson"). */
  readonly name: string;
  /** A fresh state for a series with no history. */
  init(options?: O): S;
  /** Consumes one observation (mutating `state`) and returns its reading. */
  step(state: S, observation: Observation): DetectorReading;
}

/** A detector bound to one series: the closure form used by registries, the CSV tool and tests. */
export type SeriesDetector = {
  /** Consumes the next observation and returns its reading. */
  step(observation: Observation): DetectorReading;
};

/** Binds a detector and options to a fresh state. */
export function bindDetector<S, O extends CommonOptions>(
  detector: Detector<S, O>,
  options?: O,
): SeriesDetector {
  const state = detector.init(options);
  return { step: (observation) => detector.step(state, observation) };
}

/** Evidence used when there is nothing to say (shared, never mutate). */
export const NO_EVIDENCE: readonly string[] = Object.freeze([]);
