/**
 * How small an excess the detector finds, and how fast: a quiet, flat service at a given number of
 * reports per 15 minutes gets a step to m× its normal level, and we look for the smallest m flagged
 * within 15, 30 and 60 minutes with (nearly) every seed. Issue 17 asks for this table at 1, 5, 20
 * and 100 reports per 15 minutes; bench/detect prints it, sensitivity.test.ts computes it.
 */
import { evaluate } from './evaluate.ts';
import { parseScenario } from './load.ts';
import { replay } from './replay.ts';
import type { Scenario } from './schema.ts';

/** Normal levels tried, reports per 15 minutes. */
export const VOLUMES = [1, 5, 20, 100] as const;
/** Time allowed to flag, minutes. */
export const WINDOWS = [15, 30, 60] as const;
/** Levels tried, as multiples of normal (total reports ÷ normal reports). */
export const MULTIPLIERS = [1.25, 1.5, 2, 2.5, 3, 4, 5, 7, 10, 15, 20, 30, 50, 100] as const;

/**
 * One flat service (no daily cycle; the format's default overdispersion and drift) with a 3-hour
 * step to `multiplier`× normal at noon of the evaluated day, after a week of warm-up.
 */
export function stepScenario(per15: number, multiplier: number): Scenario {
  return parseScenario(
    `
name: step to ${multiplier}x at ${per15} per 15 min
start: 2024-04-08T00:00:00Z
end: 2024-04-09T00:00:00Z
warmupDays: 7
services:
  - { id: quiet, per15: ${per15}, trough: 1 }
incidents:
  - id: step
    title: Step
    outages:
      - { service: quiet, start: 2024-04-08T12:00:00Z, end: 2024-04-08T15:00:00Z, peak: ${per15 * (multiplier - 1)}, curve: [[0, 1]] }
`,
    'step scenario',
  );
}

/** Minutes to flag the step with each seed (null: not flagged, or already open before it). */
export function stepLatencies(
  per15: number,
  multiplier: number,
  seeds: readonly number[],
): (number | null)[] {
  const s = stepScenario(per15, multiplier);
  return seeds.map((seed) => evaluate(s, replay(s, { seed })).outages[0]!.latency);
}

/** One cell of the table: the smallest multiplier found within `window` minutes, or null (none tried). */
export type SensitivityCell = { per15: number; window: number; multiplier: number | null };

/**
 * The table: for each volume and window, the smallest multiplier flagged within the window by at
 * least `need` of the seeds. Latencies are computed once per (volume, multiplier).
 */
export function sensitivityTable(
  options: {
    volumes?: readonly number[];
    windows?: readonly number[];
    multipliers?: readonly number[];
    seeds?: readonly number[];
    need?: number;
  } = {},
): SensitivityCell[] {
  const volumes = options.volumes ?? VOLUMES;
  const windows = options.windows ?? WINDOWS;
  const multipliers = options.multipliers ?? MULTIPLIERS;
  const seeds = options.seeds ?? [1, 2, 3, 4, 5];
  const need = options.need ?? Math.ceil(0.8 * seeds.length);
  const cells: SensitivityCell[] = [];
  for (const per15 of volumes) {
    const found = new Map<number, (number | null)[]>();
    const latencies = (m: number) => {
      let l = found.get(m);
      if (!l) {
        l = stepLatencies(per15, m, seeds);
        found.set(m, l);
      }
      return l;
    };
    for (const window of windows) {
      const m = multipliers.find((x) => latencies(x).filter((l) => l !== null && l <= window).length >= need);
      cells.push({ per15, window, multiplier: m ?? null });
    }
  }
  return cells;
}

/** The table as Markdown: one row per volume, one column per window. */
export function renderSensitivity(cells: readonly SensitivityCell[]): string {
  const volumes = [...new Set(cells.map((c) => c.per15))];
  const windows = [...new Set(cells.map((c) => c.window))];
  const cell = (c: SensitivityCell | undefined) =>
    c?.multiplier == null ? 'not found' : `${c.multiplier}× (+${Math.round((c.multiplier - 1) * 100)}%)`;
  const header = ['normal reports per 15 min', ...windows.map((w) => `found within ${w} min`)];
  const rows = volumes.map((v) => [
    String(v),
    ...windows.map((w) => cell(cells.find((c) => c.per15 === v && c.window === w))),
  ]);
  const line = (xs: string[]) => `| ${xs.join(' | ')} |`;
  return [line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}
