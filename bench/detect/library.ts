/**
 * The scenario library's part of the detection benchmark: every file in scenarios/ with seeds 1–5 at
 * 1× and 0.1×, scored by the same rows `downwatch evaluate` writes, and the issue-17 scoreboard over
 * them, per scale, per file, per outage, and the false runs by file and service.
 */

import type { ScoreRow } from '../../src/scenarios/score.ts';
import {
  markdownTable,
  onTime,
  PER_OUTAGE,
  perOutage,
  recoveredInTime,
  renderScoreboard,
  scoreboard,
} from '../../src/scenarios/scoreboard.ts';
import type { CpuResult } from './cpu.ts';

const serious = (w: string) => w === 'partial_outage' || w === 'major_outage';

/** The library sections of the report. */
export function renderLibrary(rows: ScoreRow[], cpu: CpuResult[]): string {
  const out: string[] = [];
  const seeds = [...new Set(rows.map((r) => r.seed))].sort((a, b) => a - b);
  const scales = [...new Set(rows.map((r) => r.scale))].sort((a, b) => b - a);
  const files = [...new Set(rows.map((r) => r.file))].sort();
  const seasonal = cpu.find((c) => c.detector === 'seasonal-poisson');
  out.push(
    `## Scoreboard: the whole library (${files.length} files, seeds ${seeds.join(', ')}, ${scales.map((s) => `${s}×`).join(' and ')})`,
    '',
    renderScoreboard(scoreboard(rows), [
      [
        '≤ 5 µs per series per tick',
        seasonal ? `${seasonal.usPerSeriesTick.toFixed(2)} µs` : '–',
        seasonal ? (seasonal.usPerSeriesTick <= 5 ? 'met' : '**FAILS**') : '',
      ],
    ]),
    '',
  );
  for (const scale of scales) {
    out.push(`### At ${scale}×`, '', renderScoreboard(scoreboard(rows.filter((r) => r.scale === scale))), '');
  }
  out.push('### Per file (all seeds and scales)', '');
  out.push(
    markdownTable(
      [
        'file',
        'outages',
        'on time',
        'flagged',
        'resolved ±10 min',
        'false ≥ "problems detected"',
        'false "possible problems"',
      ],
      files.map((file) => {
        const own = rows.filter((r) => r.file === file);
        const outages = own.flatMap((r) => r.outages);
        const falses = own.flatMap((r) => r.falseRuns);
        const n = outages.length;
        return [
          file,
          n === 0 ? 'trap' : n / own.length,
          n === 0 ? '–' : `${outages.filter(onTime).length}/${n}`,
          n === 0 ? '–' : `${outages.filter((o) => o.latency !== null).length}/${n}`,
          n === 0 ? '–' : `${outages.filter(recoveredInTime).length}/${n}`,
          falses.filter((f) => serious(f.worst)).length,
          falses.filter((f) => !serious(f.worst)).length,
        ];
      }),
    ),
    '',
  );
  out.push('### Per outage (all seeds and scales; latency and lag lists run seed by seed, 1× then 0.1×)', '');
  const ordered = [...rows].sort((a, b) => b.scale - a.scale || a.seed - b.seed);
  out.push(markdownTable(PER_OUTAGE, perOutage(ordered)), '');
  out.push('### False runs by file and service (all seeds and scales)', '');
  const byKey = new Map<string, { serious: number; possible: number }>();
  for (const r of rows)
    for (const f of r.falseRuns) {
      const key = `${r.file} | ${f.service}`;
      const e = byKey.get(key) ?? { serious: 0, possible: 0 };
      if (serious(f.worst)) e.serious++;
      else e.possible++;
      byKey.set(key, e);
    }
  out.push(
    byKey.size === 0
      ? 'None.'
      : markdownTable(
          ['file', 'service', '≥ "problems detected"', '"possible problems"'],
          [...byKey.entries()]
            .sort(([, a], [, b]) => b.serious + b.possible - (a.serious + a.possible))
            .map(([k, e]) => [...k.split(' | '), e.serious, e.possible]),
        ),
    '',
  );
  return out.join('\n');
}
