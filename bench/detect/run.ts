/**
 * Detection benchmark: the issue-17 scoreboard over the whole scenario library (seeds 1–5 at 1× and
 * 0.1×, the scoring `downwatch evaluate` uses), the smallest excess found within 15/30/60 minutes,
 * then the original suite (the three documented Meta outages and the normal week) at 1×, 0.1× and
 * 0.01× with the main and the comparison detector, other seeds and ablations, and the detectors'
 * CPU cost on 100,000 series.
 * Run: node bench/detect/run.ts [--quick]. Progress goes to stderr, the Markdown report to stdout.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DetectorName } from '../../src/detector/registry.ts';
import { evaluate } from '../../src/scenarios/evaluate.ts';
import { loadScenario } from '../../src/scenarios/load.ts';
import { replay } from '../../src/scenarios/replay.ts';
import type { Scenario } from '../../src/scenarios/schema.ts';
import { type ScoreRow, scoreScenario } from '../../src/scenarios/score.ts';
import { renderSensitivity, sensitivityTable } from '../../src/scenarios/sensitivity.ts';
import { cpuSuite } from './cpu.ts';
import { renderLibrary } from './library.ts';
import { type Run, render, slowOnset } from './report.ts';

const quick = process.argv.includes('--quick');
const dir = join(import.meta.dirname, '../../scenarios');
const library = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((file) => ({ file, scenario: loadScenario(join(dir, file)) }));
/** The suite the detector was built on; its sections below keep their old shape. */
const ORIGINAL = [
  '2021-10-04-meta.yaml',
  '2023-05-21-instagram.yaml',
  '2024-03-05-meta.yaml',
  'normal-week-50-services.yaml',
];
const scenarios = library.filter((s) => ORIGINAL.includes(s.file));
const normalWeek = scenarios.find((s) => s.file.startsWith('normal-week'))!;
const outageScenarios = scenarios.filter((s) => s !== normalWeek);
const started = performance.now();
const progress = (text: string) =>
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${text}\n`);

type Variant = Run['variant'];

function run(
  file: string,
  scenario: Scenario,
  scale: number,
  detector: DetectorName,
  variant: Variant,
  seed: number,
): Run {
  progress(`${detector} ${variant} ${file} at ${scale}× (seed ${seed})`);
  const result = replay(scenario, {
    seed,
    scale,
    detector,
    robustness: variant !== 'no-robustness',
    peerFactors: variant !== 'no-peer-factors',
    relatedIncidents: variant !== 'no-related',
  });
  return {
    file,
    scale,
    seed,
    detector,
    variant,
    week: file === normalWeek.file,
    evaluation: evaluate(scenario, result),
  };
}

const rows: ScoreRow[] = [];
for (const { file, scenario } of library)
  for (const seed of quick ? [1] : [1, 2, 3, 4, 5])
    for (const scale of [1, 0.1]) {
      progress(`library: ${file} at ${scale}× (seed ${seed})`);
      rows.push(scoreScenario(file, scenario, seed, scale));
    }
progress('smallest excess found within 15, 30, 60 min');
const sensitivity = sensitivityTable({ seeds: quick ? [1, 2] : [1, 2, 3, 4, 5] });

const runs: Run[] = [];
for (const detector of ['seasonal-poisson', 'fixed-threshold'] as const) {
  for (const scale of [1, 0.1, 0.01]) {
    for (const { file, scenario } of scenarios) runs.push(run(file, scenario, scale, detector, 'full', 1));
  }
}
for (const scale of [1, 0.1]) {
  for (const seed of quick ? [2] : [2, 3, 4, 5]) {
    for (const { file, scenario } of outageScenarios)
      runs.push(run(file, scenario, scale, 'seasonal-poisson', 'full', seed));
    if (seed <= 3)
      runs.push(run(normalWeek.file, normalWeek.scenario, scale, 'seasonal-poisson', 'full', seed));
  }
  for (const variant of ['no-robustness', 'no-peer-factors'] as const) {
    runs.push(run(normalWeek.file, normalWeek.scenario, scale, 'seasonal-poisson', variant, 1));
  }
  for (const { file, scenario } of outageScenarios) {
    runs.push(run(file, scenario, scale, 'seasonal-poisson', 'no-related', 1));
    runs.push(run(file, slowOnset(scenario, 10), scale, 'seasonal-poisson', 'slow-onset', 1));
  }
}
const series = quick ? 10_000 : 100_000;
progress(`CPU: ${series.toLocaleString('en-US')} series`);
const cpu = cpuSuite(series, quick ? 10 : 30, quick ? 5 : 10);
process.stdout.write(
  [
    `# Detection benchmark (node ${process.version}, ${new Date().toISOString().slice(0, 10)})`,
    '',
    renderLibrary(rows, cpu),
    '## Smallest excess found (a flat service stepped to m× normal; found: flagged in time with ≥ 80% of the seeds)',
    '',
    renderSensitivity(sensitivity),
    '',
    render(runs, cpu, (performance.now() - started) / 1000),
  ].join('\n'),
);
