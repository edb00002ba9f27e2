/**
 * Public API of the detector core (pure, I/O-free; the CSV `detect` command that drives it lives in src/cli/). See the TSDoc of each
 * export; docs/benchmarks.md and bench/detect/RESULTS.md record how well it works.
 */

/** The states a reading gives, mildest first, and their rank (the shared status vocabulary). */
export { SERVICE_STATES, type ServiceState, stateRank } from '../shared/status-vocabulary.ts';
export { expectedRate, hourOfWeek, primeBaseline, WEEK_HOURS } from './baseline.ts';
export { type FixedThresholdOptions, type FixedThresholdState, fixedThreshold } from './fixed-threshold.ts';
export { lnPoissonTail, poissonSurprise } from './gamma.ts';
export { peerFactor, peerRatio } from './peer-factor.ts';
export {
  type AnyDetectorOptions,
  createSeriesDetector,
  DETECTOR_NAMES,
  type DetectorName,
  isDetectorName,
} from './registry.ts';
export { type SeasonalLevelOptions, type SeasonalLevelState, seasonalLevel } from './seasonal-level.ts';
export { resolveSeasonalOptions, type SeasonalConfig, type SeasonalOptions } from './seasonal-options.ts';
export {
  createSeasonalState,
  learnedLevel,
  learningProgress,
  primeSeasonal,
  type SeasonalState,
  seasonalPoisson,
  seedPrior,
} from './seasonal-poisson.ts';
export {
  bindDetector,
  type CommonOptions,
  type Detector,
  type DetectorReading,
  NO_EVIDENCE,
  type Observation,
  type SeriesDetector,
} from './types.ts';
