/** The detector implementations by name, for configuration, the CSV tool and benchmarks. */
import { type FixedThresholdOptions, fixedThreshold } from './fixed-threshold.ts';
import { type SeasonalLevelOptions, seasonalLevel } from './seasonal-level.ts';
import type { SeasonalOptions } from './seasonal-options.ts';
import { seasonalPoisson } from './seasonal-poisson.ts';
import { bindDetector, type CommonOptions, type SeriesDetector } from './types.ts';

/**
 * Names of the available detectors; the first is the default. seasonal-level is for continuous
 * series (any real value); the others expect counts.
 */
export const DETECTOR_NAMES = ['seasonal-poisson', 'fixed-threshold', 'seasonal-level'] as const;

/** A detector name. */
export type DetectorName = (typeof DETECTOR_NAMES)[number];

/** Options accepted by `createSeriesDetector` (each implementation ignores the other's fields). */
export type AnyDetectorOptions = CommonOptions &
  SeasonalOptions &
  FixedThresholdOptions &
  SeasonalLevelOptions;

/** A fresh detector bound to one series. */
export function createSeriesDetector(name: DetectorName, options?: AnyDetectorOptions): SeriesDetector {
  switch (name) {
    case 'seasonal-poisson':
      return bindDetector(seasonalPoisson, options);
    case 'fixed-threshold':
      return bindDetector(fixedThreshold, options);
    case 'seasonal-level':
      return bindDetector(seasonalLevel, options);
  }
}

/** True when `name` is a known detector. */
export const isDetectorName = (name: string): name is DetectorName =>
  (DETECTOR_NAMES as readonly string[]).includes(name);
