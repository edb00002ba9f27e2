/** Summary statistics and tables of the detection benchmark. */
import { percentile } from '../support/percentile.ts';
import type { Run } from './report.ts';

/** A Markdown table. */
export function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

const stats = (values: number[]): string => {
  if (values.length === 0) return '–';
  const s = [...values].sort((a, b) => a - b);
  return `${percentile(s, 0.5)} / ${percentile(s, 0.95)} / ${s.at(-1)}`;
};

/** Column headers of the summary tables. */
export const SUMMARY = [
  'detector',
  'scale',
  'outages',
  'missed (already open)',
  'latency min, med / p95 / max',
  '≤ 2 min',
  'recovery lag min, med / p95 / max',
  'lag within ±10 min',
  'flapped',
  'false incidents, outage scenarios',
  'false incidents, normal week (per service-day)',
];

/** One summary row over a group of runs (outage scenarios and normal weeks). */
export function summaryRow(label: string, scale: number, group: Run[]): (string | number)[] {
  const outages = group.filter((r) => !r.week).flatMap((r) => r.evaluation.outages);
  const detected = outages.filter((o) => o.latency !== null);
  const lags = outages.flatMap((o) => (o.recoveryLag === null ? [] : [o.recoveryLag]));
  const weeks = group.filter((r) => r.week);
  const weekFalse = weeks.reduce((n, r) => n + r.evaluation.falseRuns.length, 0);
  const serviceDays = weeks.reduce((n, r) => n + r.evaluation.serviceDays, 0);
  return [
    label,
    `${scale}×`,
    outages.length,
    `${outages.length - detected.length} (${outages.filter((o) => o.alreadyOpen).length})`,
    stats(detected.map((o) => o.latency!)),
    `${detected.filter((o) => o.latency! <= 2).length}/${outages.length}`,
    stats(lags),
    `${lags.filter((l) => Math.abs(l) <= 10).length}/${outages.length}`,
    outages.filter((o) => o.fragments > 1).length,
    group.filter((r) => !r.week).reduce((n, r) => n + r.evaluation.falseRuns.length, 0),
    weeks.length === 0 ? '–' : `${weekFalse} (${(weekFalse / serviceDays).toFixed(3)})`,
  ];
}

/** Outages of the runs that missed a target (latency > 2, |lag| > 10, missed, or flapped). */
export function misses(runs: Run[]): string[] {
  return runs.flatMap((r) =>
    r.evaluation.outages
      .filter(
        (o) =>
          o.latency === null ||
          o.latency > 2 ||
          o.recoveryLag === null ||
          Math.abs(o.recoveryLag) > 10 ||
          o.fragments > 1,
      )
      .map(
        (o) =>
          `- seed ${r.seed}, ${r.scale}×: ${o.id}: latency ${o.latency ?? 'missed'} min, recovery lag ${o.recoveryLag ?? 'open'} min, ${o.fragments} run(s)`,
      ),
  );
}
