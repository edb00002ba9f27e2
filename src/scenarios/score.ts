/**
 * One scored replay in the shape `downwatch evaluate --json` writes and bench/detect aggregates:
 * per outage its latencies and recovery lag, per false run its span and worst status. Minutes for
 * lags, ISO 8601 instants for times, null where a value does not exist (not flagged, still open).
 */
import type { ServiceState } from '../shared/status-vocabulary.ts';
import { type Evaluation, evaluate } from './evaluate.ts';
import { replay } from './replay.ts';
import type { Scenario } from './schema.ts';

/** How one outage was handled in one replay. */
export type OutageScore = {
  id: string;
  service: string;
  /** Minutes from the ground-truth start to the first non-operational verdict; null: not flagged. */
  latency: number | null;
  /** Minutes from when the outage curve first reaches 3× normal; null: not flagged or never 3×. */
  latency3: number | null;
  /** Whether the outage curve reaches 3× normal at all. */
  reaches3: boolean;
  /** Minutes from the ground-truth end to the first operational verdict after it; null: still open. */
  recoveryLag: number | null;
};

/** A run of non-operational verdicts matching no outage. */
export type FalseRunScore = {
  service: string;
  start: string;
  /** null when still open at the scenario's end. */
  end: string | null;
  /** The worst Statuspage component status of the run. */
  worst: ServiceState;
};

/** One file × seed × scale. */
export type ScoreRow = {
  file: string;
  seed: number;
  scale: number;
  serviceDays: number;
  outages: OutageScore[];
  falseRuns: FalseRunScore[];
};

const iso = (t: number) => new Date(t).toISOString();

/** The row of an evaluation. */
export function scoreRow(file: string, seed: number, scale: number, e: Evaluation): ScoreRow {
  return {
    file,
    seed,
    scale,
    serviceDays: e.serviceDays,
    outages: e.outages.map((o) => ({
      id: o.id,
      service: o.service,
      latency: o.latency,
      latency3: o.latency3,
      reaches3: o.reaches3At !== null,
      recoveryLag: o.recoveryLag,
    })),
    falseRuns: e.falseRuns.map((r) => ({
      service: r.service,
      start: iso(r.start),
      end: r.end === null ? null : iso(r.end),
      worst: r.worst,
    })),
  };
}

/** Replays `scenario` with the main detector and scores it. */
export function scoreScenario(
  file: string,
  scenario: Scenario,
  seed: number,
  scale: number,
  onProgress?: (done: number, total: number) => void,
): ScoreRow {
  const result = replay(scenario, { seed, scale, ...(onProgress ? { onProgress } : {}) });
  return scoreRow(file, seed, scale, evaluate(scenario, result));
}
