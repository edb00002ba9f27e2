/**
 * Options of the seasonal-poisson detector, in minutes and reports per minute, and their resolution
 * into per-step values for a given sampling interval.
 */
import type { CommonOptions } from './types.ts';

/** Tunables of the seasonal-poisson detector. Every field is optional; defaults are documented. */
export type SeasonalOptions = CommonOptions & {
  /** Lowest expectation, reports per minute, so quiet services are not alarmed by one report. Default 0.05. */
  floorRate?: number;
  /**
   * Expected reports per minute before any history (e.g. from the catalog's kind and the other
   * services). Default `floorRate`. When given, a surge can open from the second minute of a new
   * series (cold start, ADR 17); without it the first `coldMinutes` (default 10) are learned as they
   * come, since nothing says what this series' normal is.
   */
  priorRate?: number;
  coldMinutes?: number;
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
  /**
   * After an incident has lasted this long the baseline learns again (a lasting level shift). Default
   * 4320 (three days): a day-long outage must not become the new normal while it is still going on.
   */
  relearnAfterMinutes?: number;
  /**
   * Sustained-excess test (ADR 17): one CUSUM of the quasi-Poisson log-likelihood ratio per ratio in
   * `sustainedRatios` (default 2 and 4), "the rate is R × expected" against "as expected". It opens
   * at "possible problems" when a sum reaches `sustainedThreshold` nats (default 14, odds of about
   * 1.2e6 to 1), so a small excess that lasts is found even where no 3- or 15-minute window is
   * conclusive. One step adds at most threshold / `sustainedMinMinutes` (default 10), so a burst
   * shorter than that cannot open through this test.
   */
  sustainedRatios?: readonly number[];
  /**
   * The sustained sums test against an expectation raised by this share (default 0.2), since a
   * baseline can be that far off for hours (a daylight-saving change moves a morning ramp by an
   * hour): the excess that lasts must be beyond what a baseline error explains.
   */
  sustainedTolerance?: number;
  sustainedThreshold?: number;
  sustainedMinMinutes?: number;
  /**
   * Closing needs the level back near normal: the log-likelihood ratio of "as expected" against "at
   * the incident's own ratio" must reach `recoveryThreshold` nats (default 3, odds of 20 to 1), on
   * top of the calm minutes.
   */
  recoveryThreshold?: number;
  /**
   * Consecutive minutes that are not calm (short window ≥ closeRatio × expected with p < alphaClose)
   * a related incident (a sibling of the same provider already down) needs to open: default 3, one
   * more than a two-minute burst lasts; the last minute alone must be ≥ closeRatio × expected with
   * p < 0.01, so the window's memory of a burst does not count.
   */
  relatedMinutes?: number;
};

/** Options resolved to per-step values (shared by every series created with the same options). */
export type SeasonalConfig = {
  interval: number;
  stepMs: number;
  floorRate: number;
  priorRate: number;
  priorKnown: boolean;
  coldSteps: number;
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
  /** ln R of each sustained ratio, and R − 1. */
  sustainedLog: Float64Array;
  sustainedLess: Float64Array;
  sustainedTolerance: number;
  sustainedThreshold: number;
  /** Largest amount one step may add to a sustained sum. */
  sustainedCap: number;
  recoveryThreshold: number;
  relatedSteps: number;
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
  const minHistorySteps = Math.max(3, steps(o.minHistoryMinutes ?? 60));
  const ratios = o.sustainedRatios ?? [2, 4];
  if (!ratios.every((r) => r > 1)) throw new RangeError('sustainedRatios must all be above 1');
  const sustainedThreshold = o.sustainedThreshold ?? 14;
  if (!(sustainedThreshold > 0)) throw new RangeError('sustainedThreshold must be positive');
  const share = Math.min(Math.max(o.maxNetworkShare ?? 0.25, 0), 1);
  return {
    interval,
    stepMs: interval * 60_000,
    floorRate,
    priorRate: o.priorRate ?? floorRate,
    priorKnown: o.priorRate !== undefined,
    coldSteps: Math.min(minHistorySteps, Math.max(3, steps(o.coldMinutes ?? 10))),
    learningSteps: steps(o.learningMinutes ?? 1440),
    minHistorySteps,
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
    relearnSteps: steps(o.relearnAfterMinutes ?? 4320),
    sustainedLog: Float64Array.from(ratios, Math.log),
    sustainedLess: Float64Array.from(ratios, (r) => r - 1),
    sustainedTolerance: 1 + Math.max(0, o.sustainedTolerance ?? 0.2),
    sustainedThreshold,
    sustainedCap: sustainedThreshold / steps(o.sustainedMinMinutes ?? 10),
    recoveryThreshold: o.recoveryThreshold ?? 3,
    relatedSteps: Math.max(2, steps(o.relatedMinutes ?? 3)),
  };
}
