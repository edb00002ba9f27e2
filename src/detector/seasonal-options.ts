/**
 * Options of the seasonal-poisson detector, in minutes and reports per minute, and their resolution
 * into per-step values for a given sampling interval.
 */
import type { CommonOptions } from './types.ts';

/** Tunables of the seasonal-poisson detector. Every field is optional; defaults are documented. */
export type SeasonalOptions = CommonOptions & {
  /** Lowest expectation, reports per minute, so quiet services are not alarmed by one report. Default 0.05. */
  floorRate?: number;
  /** Expected reports per minute before any history (e.g. from the catalog). Default `floorRate`. */
  priorRate?: number;
  /** History needed before the baseline is trusted and guarded against outages. Default 1440 (a day). */
  learningMinutes?: number;
  /** History before any incident may open (the prior may be far off). Default 60, at least 3 intervals. */
  minHistoryMinutes?: number;
  /** Short and long test windows. Defaults 3 and 15 minutes. */
  shortWindowMinutes?: number;
  longWindowMinutes?: number;
  /** A window is "hot" when observed/expected ≥ minRatio and its Poisson tail p < alpha. Defaults 3, 1e-6. */
  minRatio?: number;
  alpha?: number;
  /**
   * Consecutive hot minutes that open an incident. Default 3: the reports from the third hot minute
   * on (what a two-minute viral burst cannot explain) must also be ≥ minRatio × expected with
   * p < alphaNow (default 1e-3); that sum keeps growing while the streak lasts.
   */
  confirmMinutes?: number;
  alphaNow?: number;
  /**
   * Two hot minutes open at once when the short window is ≥ fastRatio × expected with p < alphaFast
   * and at least fastMinExcess extra reports, or when the observation says a related service is
   * already down (`relatedIncident`). Defaults 15, 1e-9, 8.
   */
  fastRatio?: number;
  alphaFast?: number;
  fastMinExcess?: number;
  /** A minute is calm unless the short window is ≥ closeRatio × expected with p < alphaClose. Defaults 2, 1e-3. */
  closeRatio?: number;
  alphaClose?: number;
  /** Consecutive calm minutes that resolve. Default 5 (one quiet minute does not close). */
  calmMinutes?: number;
  /** Severity: partial at ≥ partialRatio and ≥ partialMinExcess extra reports per 15 min; major likewise. */
  partialRatio?: number;
  partialMinExcess?: number;
  majorRatio?: number;
  majorMinExcess?: number;
  /** Minutes below the current severity before it steps down one level. Default 10. */
  downgradeMinutes?: number;
  /** Overdispersion φ (variance = μ + φμ²) assumed before it is learned. Default 0.05. */
  dispersion?: number;
  /** Largest share one network may have of the rest's reports before its surplus is ignored. Default 0.25; 1 disables. */
  maxNetworkShare?: number;
  /** Top-country share above usual + tolerance counts `countryWeight` less. Defaults 0.15 and 0.5. */
  countryTolerance?: number;
  countryWeight?: number;
  /** After an incident has lasted this long the baseline learns again (a lasting level shift). Default 720. */
  relearnAfterMinutes?: number;
};

/** Options resolved to per-step values (shared by every series created with the same options). */
export type SeasonalConfig = {
  interval: number;
  stepMs: number;
  floorRate: number;
  priorRate: number;
  learningSteps: number;
  minHistorySteps: number;
  short: number;
  long: number;
  minRatio: number;
  hotSurprise: number;
  nowSurprise: number;
  confirmSteps: number;
  fastRatio: number;
  fastSurprise: number;
  fastMinExcess: number;
  closeRatio: number;
  closeSurprise: number;
  calmSteps: number;
  partialRatio: number;
  partialMinExcess: number;
  majorRatio: number;
  majorMinExcess: number;
  downgradeSteps: number;
  dispersion: number;
  networkAllowance: number;
  countryTolerance: number;
  countryWeight: number;
  relearnSteps: number;
};

const surprise = (p: number) => -Math.log10(p);

/** Resolves options; throws RangeError naming the bad option. */
export function resolveSeasonalOptions(o: SeasonalOptions = {}): SeasonalConfig {
  const interval = o.intervalMinutes ?? 1;
  if (!(interval >= 1 && interval <= 60)) throw new RangeError('intervalMinutes must be between 1 and 60');
  const steps = (minutes: number) => Math.max(1, Math.ceil(minutes / interval - 1e-9));
  const floorRate = o.floorRate ?? 0.05;
  if (!(floorRate > 0)) throw new RangeError('floorRate must be positive');
  const short = Math.max(1, Math.round((o.shortWindowMinutes ?? 3) / interval));
  const long = Math.max(short, Math.round((o.longWindowMinutes ?? 15) / interval));
  const share = Math.min(Math.max(o.maxNetworkShare ?? 0.25, 0), 1);
  return {
    interval,
    stepMs: interval * 60_000,
    floorRate,
    priorRate: o.priorRate ?? floorRate,
    learningSteps: steps(o.learningMinutes ?? 1440),
    minHistorySteps: Math.max(3, steps(o.minHistoryMinutes ?? 60)),
    short,
    long,
    minRatio: o.minRatio ?? 3,
    hotSurprise: surprise(o.alpha ?? 1e-6),
    nowSurprise: surprise(o.alphaNow ?? 1e-3),
    confirmSteps: steps(o.confirmMinutes ?? 3),
    fastRatio: o.fastRatio ?? 15,
    fastSurprise: surprise(o.alphaFast ?? 1e-9),
    fastMinExcess: o.fastMinExcess ?? 8,
    closeRatio: o.closeRatio ?? 2,
    closeSurprise: surprise(o.alphaClose ?? 1e-3),
    calmSteps: Math.min(steps(o.calmMinutes ?? 5), long),
    partialRatio: o.partialRatio ?? 6,
    partialMinExcess: o.partialMinExcess ?? 10,
    majorRatio: o.majorRatio ?? 20,
    majorMinExcess: o.majorMinExcess ?? 50,
    downgradeSteps: steps(o.downgradeMinutes ?? 10),
    dispersion: o.dispersion ?? 0.05,
    networkAllowance: share >= 1 ? Number.POSITIVE_INFINITY : share / (1 - share),
    countryTolerance: o.countryTolerance ?? 0.15,
    countryWeight: o.countryWeight ?? 0.5,
    relearnSteps: steps(o.relearnAfterMinutes ?? 720),
  };
}
