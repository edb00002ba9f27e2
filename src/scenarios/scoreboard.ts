/**
 * The detection scoreboard (issue 17's "Numbers") over scored replays: shares of outages flagged in
 * time, flagged at all and resolved in time, false runs at "problems detected" on the files without
 * incidents (traps and normal weeks), and false "possible problems" runs per 50 service-weeks.
 * `downwatch evaluate` and bench/detect both print it.
 */
import { problemLevelOf, type ServiceState } from '../shared/status-vocabulary.ts';
import type { OutageScore, ScoreRow } from './score.ts';

/** The targets. */
export const TARGETS = {
  /** Share flagged ≤ 2 min after the curve reaches 3× normal (≤ 30 min after the start if it never does). */
  onTime: 0.9,
  flagged: 0.97,
  /** Share resolved within ±10 min of the ground-truth end. */
  recovered: 0.85,
  /** False runs at "problems detected" or worse on traps and normal weeks. */
  seriousOnQuiet: 0,
  /** False "possible problems" runs per 50 service-weeks. */
  possiblePer50Weeks: 1,
} as const;

/** Flagged in time: ≤ 2 min after reaching 3×, or ≤ 30 min after the start for outages never reaching 3×. */
export const onTime = (o: OutageScore): boolean =>
  o.reaches3 ? o.latency3 !== null && o.latency3 <= 2 : o.latency !== null && o.latency <= 30;

/** Resolved within 10 minutes of the end, either side (closing early is as wrong as late). */
export const recoveredInTime = (o: OutageScore): boolean =>
  o.recoveryLag !== null && Math.abs(o.recoveryLag) <= 10;

/** A run a person would have seen as "problems detected" (partial or major outage). */
const serious = (worst: ServiceState) => problemLevelOf(worst) === 'problems_detected';

/** The aggregated figures of a set of rows. */
export type Scoreboard = {
  rows: number;
  outages: number;
  onTime: number;
  flagged: number;
  recovered: number;
  /** Service-days on files without incidents, and all service-days. */
  quietServiceDays: number;
  serviceDays: number;
  seriousOnQuiet: number;
  /** False runs at "problems detected" or worse on files with incidents (other services, or stray runs). */
  seriousOnOutageFiles: number;
  possible: number;
  possiblePer50Weeks: number;
};

/** Aggregates rows (any mix of files, seeds and scales). */
export function scoreboard(rows: readonly ScoreRow[]): Scoreboard {
  const outages = rows.flatMap((r) => r.outages);
  const quiet = rows.filter((r) => r.outages.length === 0);
  const loud = rows.filter((r) => r.outages.length > 0);
  const serviceDays = rows.reduce((n, r) => n + r.serviceDays, 0);
  const possible = rows
    .flatMap((r) => r.falseRuns)
    .filter((f) => problemLevelOf(f.worst) === 'possible_problems').length;
  return {
    rows: rows.length,
    outages: outages.length,
    onTime: outages.filter(onTime).length,
    flagged: outages.filter((o) => o.latency !== null).length,
    recovered: outages.filter(recoveredInTime).length,
    quietServiceDays: quiet.reduce((n, r) => n + r.serviceDays, 0),
    serviceDays,
    seriousOnQuiet: quiet.flatMap((r) => r.falseRuns).filter((f) => serious(f.worst)).length,
    seriousOnOutageFiles: loud.flatMap((r) => r.falseRuns).filter((f) => serious(f.worst)).length,
    possible,
    possiblePer50Weeks: serviceDays > 0 ? (possible / (serviceDays / 7)) * 50 : 0,
  };
}

const pct = (n: number, d: number) => (d === 0 ? '–' : `${((100 * n) / d).toFixed(1)}% (${n}/${d})`);
const verdict = (ok: boolean) => (ok ? 'met' : '**FAILS**');
const share = (n: number, d: number) => (d === 0 ? 1 : n / d);

/** A Markdown table. */
export function markdownTable(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

/** The scoreboard as a Markdown table: one line per target, its figure and whether it is met. */
export function renderScoreboard(b: Scoreboard, extra: (string | number)[][] = []): string {
  return markdownTable(
    ['target', 'figure', ''],
    [
      [
        `≥ ${TARGETS.onTime * 100}% flagged ≤ 2 min after reaching 3× normal (≤ 30 min if never 3×)`,
        pct(b.onTime, b.outages),
        verdict(share(b.onTime, b.outages) >= TARGETS.onTime),
      ],
      [
        `≥ ${TARGETS.flagged * 100}% flagged at all`,
        pct(b.flagged, b.outages),
        verdict(share(b.flagged, b.outages) >= TARGETS.flagged),
      ],
      [
        `≥ ${TARGETS.recovered * 100}% resolved within 10 min of their end`,
        pct(b.recovered, b.outages),
        verdict(share(b.recovered, b.outages) >= TARGETS.recovered),
      ],
      [
        'no false run at "problems detected" or worse on traps and normal weeks',
        `${b.seriousOnQuiet} in ${Math.round(b.quietServiceDays)} service-days`,
        verdict(b.seriousOnQuiet <= TARGETS.seriousOnQuiet),
      ],
      [
        `≤ ${TARGETS.possiblePer50Weeks} false "possible problems" run per 50 service-weeks`,
        `${b.possiblePer50Weeks.toFixed(2)} (${b.possible} in ${Math.round(b.serviceDays)} service-days)`,
        verdict(b.possiblePer50Weeks <= TARGETS.possiblePer50Weeks),
      ],
      [
        '(information) false runs at "problems detected" or worse in files with incidents',
        b.seriousOnOutageFiles,
        '',
      ],
      ...extra,
    ],
  );
}

/** Per outage id over all its rows: how often it met each target, for finding what fails. */
export function perOutage(rows: readonly ScoreRow[]): (string | number)[][] {
  const byId = new Map<string, { file: string; scores: (OutageScore & { scale: number })[] }>();
  for (const r of rows)
    for (const o of r.outages) {
      const entry = byId.get(o.id) ?? { file: r.file, scores: [] };
      entry.scores.push({ ...o, scale: r.scale });
      byId.set(o.id, entry);
    }
  const fmt = (values: (number | null)[]) => values.map((v) => (v === null ? '–' : String(v))).join(' ');
  return [...byId.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, { scores }]) => [
      id,
      scores[0]!.reaches3 ? 'yes' : 'no',
      `${scores.filter(onTime).length}/${scores.length}`,
      `${scores.filter((o) => o.latency !== null).length}/${scores.length}`,
      `${scores.filter(recoveredInTime).length}/${scores.length}`,
      fmt(scores.map((o) => (o.reaches3 ? o.latency3 : o.latency))),
      fmt(scores.map((o) => o.recoveryLag)),
    ]);
}

/** Header of `perOutage`'s rows. */
export const PER_OUTAGE = [
  'outage',
  'reaches 3×',
  'on time',
  'flagged',
  'resolved ±10 min',
  'latency (from 3× if it gets there), per run',
  'recovery lag per run',
];
