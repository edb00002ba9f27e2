/** The detection benchmark's Markdown report: summary rows, ablations, seeds, per-outage details, CPU. */
import type { Evaluation } from '../../src/scenarios/evaluate.ts';
import type { Scenario } from '../../src/scenarios/schema.ts';
import { curveLevel } from '../../src/scenarios/tracks.ts';
import type { CpuResult } from './cpu.ts';
import { misses, SUMMARY, summaryRow, table } from './summary.ts';

/** One scored replay. */
export type Run = {
  file: string;
  scale: number;
  seed: number;
  detector: string;
  variant: 'full' | 'no-robustness' | 'no-peer-factors' | 'no-related' | 'slow-onset';
  /** The normal-week scenario (false incidents only). */
  week: boolean;
  evaluation: Evaluation;
};

/** The whole report. */
export function render(runs: Run[], cpu: CpuResult[], seconds: number): string {
  const out: string[] = [];
  const main = runs.filter((r) => r.variant === 'full' && r.seed === 1);
  const scales = [1, 0.1, 0.01];
  out.push('## The original suite (three documented Meta outages, the normal week)', '');
  out.push(
    'Latency = minute of the first non-operational verdict − ground-truth start (that verdict is available when',
    'the minute closes). Recovery lag = first operational minute after the last matching run − ground-truth end',
    '(negative: resolved before the end). False incidents = runs of non-operational verdicts matching no outage.',
    '',
    '### Seed 1',
    '',
  );
  const rows = ['seasonal-poisson', 'fixed-threshold'].flatMap((d) =>
    scales.map((scale) =>
      summaryRow(
        d,
        scale,
        main.filter((r) => r.detector === d && r.scale === scale),
      ),
    ),
  );
  out.push(table(SUMMARY, rows));
  const seeded = runs.filter((r) => r.variant === 'full' && r.seed !== 1);
  const seeds = [...new Set(seeded.map((r) => r.seed))].sort();
  out.push('', `### Seeds ${seeds.join(', ')} (seasonal-poisson; normal week with seeds ≤ 3)`, '');
  out.push(
    table(
      SUMMARY,
      [1, 0.1].map((scale) =>
        summaryRow(
          'seasonal-poisson',
          scale,
          seeded.filter((r) => r.scale === scale),
        ),
      ),
    ),
  );
  const missed = misses(seeded);
  out.push(
    '',
    missed.length === 0
      ? 'Every outage met both targets with every seed.'
      : ['Outages that missed a target:', ...missed].join('\n'),
  );
  out.push('', '### Ablations and sensitivity (seasonal-poisson, seed 1)', '');
  const variants = ['no-robustness', 'no-peer-factors', 'no-related', 'slow-onset'] as const;
  out.push(
    table(
      SUMMARY,
      variants.flatMap((v) =>
        [1, 0.1].map((scale) =>
          summaryRow(
            v,
            scale,
            runs.filter((r) => r.variant === v && r.scale === scale),
          ),
        ),
      ),
    ),
  );
  out.push('', '### Per outage (seasonal-poisson, seed 1)', '');
  const detail = main
    .filter((r) => r.detector === 'seasonal-poisson' && !r.week)
    .flatMap((r) =>
      r.evaluation.outages.map((o) => [
        o.id,
        `${r.scale}×`,
        o.latency ?? (o.alreadyOpen ? 'already open' : 'missed'),
        o.recoveryLag ?? 'open',
        o.lagAfterFix ?? '–',
        o.fragments,
        o.worst ?? '–',
      ]),
    )
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  out.push(
    table(
      [
        'outage',
        'scale',
        'latency (min)',
        'recovery lag (min)',
        'lag after official fix (min)',
        'runs',
        'worst status',
      ],
      detail,
    ),
  );
  const falses = main
    .filter((r) => r.detector === 'seasonal-poisson')
    .flatMap((r) =>
      r.evaluation.falseRuns.map((f) => [
        r.file,
        `${r.scale}×`,
        f.service,
        new Date(f.start).toISOString().slice(0, 16),
        f.end === null ? 'open' : (f.end - f.start) / 60_000,
        f.worst,
      ]),
    );
  out.push('', '### False incidents (seasonal-poisson, seed 1)', '');
  out.push(
    falses.length === 0
      ? 'None.'
      : table(['scenario', 'scale', 'service', 'start (UTC)', 'minutes', 'worst'], falses),
  );
  out.push('', `## CPU cost (${cpu[0]!.series.toLocaleString('en-US')} series × ${cpu[0]!.ticks} ticks)`, '');
  out.push(
    table(
      ['detector', 'µs per series per tick', 'ms per tick, all series'],
      cpu.map((c) => [c.detector, c.usPerSeriesTick.toFixed(3), c.msPerTick.toFixed(1)]),
    ),
  );
  out.push('', `Total wall time ${seconds.toFixed(1)} s.`, '');
  return out.join('\n');
}

/**
 * The scenario with every outage's first `minutes` replaced by a linear ramp from zero: how much
 * detection latency depends on the assumed abrupt onset (the onset shape is not published).
 */
export function slowOnset(s: Scenario, minutes: number): Scenario {
  const copy = structuredClone(s);
  for (const inc of copy.incidents) {
    for (const o of inc.outages) {
      const at = curveLevel(o.curve, minutes);
      o.curve = [[0, 0], [minutes, at], ...o.curve.filter(([m]) => m > minutes)];
    }
  }
  return copy;
}
