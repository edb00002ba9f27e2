import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generatedSpan } from '../scenarios/generate.ts';
import { loadScenario, ScenarioError } from '../scenarios/load.ts';
import type { Scenario } from '../scenarios/schema.ts';
import { type ScoreRow, scoreScenario } from '../scenarios/score.ts';
import {
  markdownTable,
  PER_OUTAGE,
  perOutage,
  renderScoreboard,
  scoreboard,
} from '../scenarios/scoreboard.ts';
import { type Command, UsageError } from './io.ts';
import { Progress } from './progress.ts';

const HELP = `Usage: downwatch evaluate FILE… [--seeds 1,2,3] [--scales 1,0.1] [--json OUT]

Replays each scenario file (see scenarios/README.md) through the detector with every seed at every
scale, scores the verdicts against the file's ground truth and prints the scoreboard: how many
outages were flagged in time, flagged at all and resolved in time, and the false runs. Files
without incidents (traps, normal weeks) count only for false runs.

Options:
  --seeds LIST   random seeds, comma-separated (default 1)
  --scales LIST  report volume multipliers, comma-separated (default 1,0.1)
  --json OUT     also write one object per file × seed × scale to OUT:
                 {file, seed, scale, serviceDays,
                  outages: [{id, service, latency, latency3, reaches3, recoveryLag}],
                  falseRuns: [{service, start, end, worst}]}
                 latency, latency3 and recoveryLag are minutes (null: not flagged, or never 3×,
                 or still open); latency3 counts from when the outage curve first reaches 3×
                 normal; start and end are ISO 8601 instants; worst is a Statuspage status.
  -h, --help     show this help

Progress goes to stderr, the scoreboard to stdout.
`;

function list(value: string | undefined, name: string, fallback: number[], integer: boolean): number[] {
  if (value === undefined) return fallback;
  const parts = value.split(',').map((p) => p.trim());
  const numbers = parts.map(Number);
  const ok = parts.every((p, i) => p !== '' && Number.isFinite(numbers[i]) && numbers[i]! > 0);
  if (!ok || (integer && !numbers.every(Number.isInteger)))
    throw new UsageError(
      `--${name} must be a comma-separated list of positive ${integer ? 'whole numbers' : 'numbers'}, like ${integer ? '1,2,3' : '1,0.1'}, got "${value}".`,
    );
  return numbers;
}

/** The first problems of a scenario file as one sentence. */
function oneSentence(e: ScenarioError, file: string): string {
  const shown = e.issues.slice(0, 3).join('; ');
  const more = e.issues.length > 3 ? ` (and ${e.issues.length - 3} more problems)` : '';
  return `The scenario ${file} cannot be used: ${shown}${more}.`;
}

/** `downwatch evaluate`: the detection bench's scoring for anyone's scenario files. */
export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: 'score the detector on scenario files against their ground truth',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        seeds: { type: 'string' },
        scales: { type: 'string' },
        json: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.stdout.write(HELP);
      return 0;
    }
    if (positionals.length === 0)
      throw new UsageError(
        'Name at least one scenario file to evaluate, e.g. scenarios/2024-03-05-meta.yaml; see downwatch evaluate --help.',
      );
    const seeds = list(values.seeds, 'seeds', [1], true);
    const scales = list(values.scales, 'scales', [1, 0.1], false);
    const files: { file: string; scenario: Scenario }[] = positionals.map((file) => {
      try {
        return { file, scenario: loadScenario(file) };
      } catch (e) {
        if (e instanceof ScenarioError) throw new UsageError(oneSentence(e, file));
        throw e;
      }
    });
    const minutes = (s: Scenario) => {
      const [from, to] = generatedSpan(s);
      return (to - from) / 60_000;
    };
    const total = files.reduce((n, f) => n + minutes(f.scenario), 0) * seeds.length * scales.length;
    const progress = new Progress(io.stderr, 'evaluate (scenario minutes)', total);
    let done = 0;
    const rows: ScoreRow[] = [];
    for (const { file, scenario } of files)
      for (const seed of seeds)
        for (const scale of scales) {
          const before = done;
          rows.push(
            scoreScenario(file, scenario, seed, scale, (d) => {
              done = before + d;
              progress.update(done, `${file} seed ${seed} at ${scale}×`);
            }),
          );
          done = before + minutes(scenario);
        }
    progress.done(done);
    if (values.json !== undefined) {
      try {
        writeFileSync(values.json, `${JSON.stringify(rows, null, 2)}\n`);
      } catch (e) {
        throw new UsageError(
          `Cannot write ${values.json} (${(e as NodeJS.ErrnoException).code ?? 'error'}); choose another --json path.`,
        );
      }
    }
    const out: string[] = [
      `${files.length} file(s), seeds ${seeds.join(', ')}, scales ${scales.map((s) => `${s}×`).join(', ')}`,
      '',
      renderScoreboard(scoreboard(rows)),
    ];
    const outageRows = perOutage(rows);
    if (outageRows.length > 0) out.push('', markdownTable(PER_OUTAGE, outageRows));
    const falses = rows.flatMap((r) =>
      r.falseRuns.map((f) => [r.file, r.seed, `${r.scale}×`, f.service, f.start, f.end ?? 'open', f.worst]),
    );
    out.push(
      '',
      falses.length === 0
        ? 'No false runs.'
        : markdownTable(['file', 'seed', 'scale', 'service', 'start', 'end', 'worst'], falses),
    );
    if (values.json !== undefined) out.push('', `Wrote ${rows.length} result(s) to ${values.json}.`);
    io.stdout.write(`${out.join('\n')}\n`);
    return 0;
  },
};
