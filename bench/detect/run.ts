/**
 * Detection benchmark: replays the scenario suite at 1×, 0.1× and 0.01× with the main detector and
 * the comparison detector, scores each replay against ground truth, repeats the targets with other
 * seeds, runs ablations, and times the detectors on 100,000 series.
 * Run: node bench/detect/run.ts [--quick]. Progress goes to stderr, the Markdown report to stdout.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DetectorName } from '../../src/detector/registry.ts';
import { evaluate } from '../../src/scenarios/evaluate.ts';
import { loadScenario } from '../../src/scenarios/load.ts';
import { replay } from '../../src/scenarios/replay.ts';
import type { Scenario } from '../../src/scenarios/schema.ts';
import { cpuSuite } from './cpu.ts';
import { type Run, render, slowOnset } from './report.ts';

const quick = process.argv.includes('--quick');
const dir = join(import.meta.dirname, '../../scenarios');
const scenarios = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((file) => ({ file, scenario: loadScenario(join(dir, file)) }));
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
process.stdout.write(render(runs, cpu, (performance.now() - started) / 1000));
