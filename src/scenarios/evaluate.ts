/**
 * Scores a replay against the scenario's ground truth: detection latency and recovery lag per
 * outage (also counted from when the outage's curve first reaches 3× normal, the point from which
 * a 2-minute target is fair), and false incidents (runs that match no outage) per service-day.
 */
import { type ServiceState, worseState } from '../shared/status-vocabulary.ts';
import { DAY, MINUTE } from '../shared/time.ts';
import { baselineRate } from './profile.ts';
import type { ReplayResult, Run } from './replay.ts';
import type { Scenario } from './schema.ts';
import { groundTruth, outageTracks, scenarioKeys, type TruthOutage } from './tracks.ts';

/** A run counts for an outage when it overlaps [start − 15 min, end). */
export const MATCH_BEFORE = 15 * MINUTE;

/** How one ground-truth outage was handled. Times in ms, lags in minutes. */
export type OutageResult = TruthOutage & {
  /**
   * Minute of the first non-operational reading (its reading is available one minute later), or null:
   * missed, or already open long before the start (see alreadyOpen).
   */
  detectedAt: number | null;
  /** detectedAt − start in minutes (negative when reports rose before the declared start). */
  latency: number | null;
  /** First minute the outage's extra reports reach twice the normal rate (total 3× normal), or null. */
  reaches3At: number | null;
  /** detectedAt − reaches3At in minutes; null when missed or when the curve never reaches 3×. */
  latency3: number | null;
  /** First operational minute after the last matching run, or null when still open at the scenario's end. */
  recoveredAt: number | null;
  /** recoveredAt − end in minutes (negative: closed before the end and never reopened). */
  recoveryLag: number | null;
  /** recoveredAt − fixedAt in minutes, when the scenario records the fix. */
  lagAfterFix: number | null;
  /** Matching runs: more than one means the incident flapped. */
  fragments: number;
  /** A matching run was already open 15 min before the start (a detector that is always alarmed). */
  alreadyOpen: boolean;
  worst: ServiceState | null;
};

/** The scored replay. */
export type Evaluation = {
  outages: OutageResult[];
  /** Runs matching no outage: false incidents. */
  falseRuns: Run[];
  serviceDays: number;
  falsePerServiceDay: number;
};

/** Scores `result` against the ground truth of `s`. */
export function evaluate(s: Scenario, result: ReplayResult): Evaluation {
  const truth = groundTruth(s);
  const threefold = reaches3(s, result.scale);
  const used = new Set<Run>();
  const outages = truth.map((o): OutageResult => {
    const matching = result.runs.filter(
      (r) =>
        r.service === o.service &&
        r.start < o.end &&
        (r.end ?? Number.POSITIVE_INFINITY) > o.start - MATCH_BEFORE,
    );
    for (const r of matching) used.add(r);
    const alreadyOpen = matching.some((r) => r.start < o.start - MATCH_BEFORE);
    const detectedAt = matching.length > 0 && !alreadyOpen ? Math.min(...matching.map((r) => r.start)) : null;
    const lastRun = matching.at(-1);
    const recoveredAt = lastRun ? lastRun.end : null;
    const worst = matching.reduce<ServiceState | null>(
      (w, r) => (w === null ? r.worst : worseState(w, r.worst)),
      null,
    );
    const reaches3At = threefold.get(o.id) ?? null;
    return {
      ...o,
      detectedAt,
      latency: detectedAt === null ? null : (detectedAt - o.start) / MINUTE,
      reaches3At,
      latency3: detectedAt === null || reaches3At === null ? null : (detectedAt - reaches3At) / MINUTE,
      recoveredAt,
      recoveryLag: recoveredAt === null ? null : (recoveredAt - o.end) / MINUTE,
      lagAfterFix:
        recoveredAt === null || o.fixedAt === undefined ? null : (recoveredAt - o.fixedAt) / MINUTE,
      fragments: matching.length,
      alreadyOpen,
      worst,
    };
  });
  const falseRuns = result.runs.filter((r) => !used.has(r));
  const serviceDays = (result.services.length * (result.to - result.from)) / DAY;
  return { outages, falseRuns, serviceDays, falsePerServiceDay: falseRuns.length / serviceDays };
}

/**
 * For each outage, the first minute its expected extra reports reach twice the service's normal
 * rate at that minute (so the expected total is 3× normal). Both scale alike, so the minute hardly
 * depends on the scale; noise is left out on purpose: this is the curve, not a draw.
 */
export function reaches3(s: Scenario, scale: number): Map<string, number> {
  const out = new Map<string, number>();
  const rates = new Map(s.services.map((svc) => [svc.id, baselineRate(svc, scale)]));
  for (const o of outageTracks(s, scenarioKeys(s), scale)) {
    const rate = rates.get(o.service)!;
    for (let m = 0; m < o.levels.length; m++) {
      const t = o.start + m * MINUTE;
      if (o.peakPerMinute * o.levels[m]! >= 2 * rate(t)) {
        out.set(o.id, t);
        break;
      }
    }
  }
  return out;
}
