/**
 * The result of bench/reads as a Markdown table with the verdicts, and its "## Reads" section in
 * docs/benchmarks.md (replaced on each recorded run; the rest of the file is left as it is).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DOCS = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url));
const MAX_FAILED = 0.001;

/** The figures of one bench/reads run. */
export type ReadsResult = {
  machine: string;
  seconds: number;
  connections: number;
  warmup: number;
  rounds: number;
  runs: { label: string; rps: number; p99: number; total: number; failed: number }[];
  ratios: { name: string; value: number; target: number }[];
  record: boolean;
};

const fmt = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en') : '—');

/** Formats the table, checks the targets and the failure rate, and records the section. */
export function recordReads(r: ReadsResult): { text: string; ok: boolean } {
  const lines = [
    '| run | req/s | p99 ms | responses | failed |',
    '|---|---:|---:|---:|---:|',
    ...r.runs.map(
      (x) => `| ${x.label} | ${fmt(x.rps)} | ${fmt(x.p99)} | ${fmt(x.total)} | ${fmt(x.failed)} |`,
    ),
    '',
    '| ratio | measured | target | |',
    '|---|---:|---:|---|',
    ...r.ratios.map(
      (x) =>
        `| ${x.name} | ${x.value.toFixed(2)} | ≥ ${x.target} | ${x.value >= x.target ? 'PASS' : 'FAIL'} |`,
    ),
  ];
  const failures = [
    ...r.ratios
      .filter((x) => x.value < x.target)
      .map((x) => `${x.name} is ${x.value.toFixed(2)} (< ${x.target})`),
    ...r.runs
      .filter((x) => x.failed > MAX_FAILED * Math.max(1, x.total))
      .map((x) => `${x.label}: ${x.failed} of ${x.total} requests failed`),
  ];
  const section = [
    '## Reads',
    '',
    'Command: `node bench/reads/run.ts` (defaults: ' +
      `${r.seconds} s measured after ${r.warmup} s warm-up per run, ${r.connections} connections, ` +
      `${r.rounds} rounds, loopback; each run waits for the machine to be quiet).`,
    '',
    `Machine: ${r.machine}. Run on ${new Date().toISOString().slice(0, 10)}.`,
    '',
    'Cached reads are compared with a bare Fastify endpoint (bench/intake’s bare server, same options) ' +
      'sending a body of the same size and type, in turn in one run (ratio of medians). The intake figure ' +
      'under a flood has the pages and the status JSON requested as fast as a second process can, at the ' +
      'same time; reads are then paced by the read gate (src/http/read-gate.ts), which is why the flood ' +
      'itself gets few responses.',
    '',
    ...lines,
    '',
  ].join('\n');
  if (r.record) {
    const old = existsSync(DOCS) ? readFileSync(DOCS, 'utf8') : '# Benchmarks\n';
    const start = old.indexOf('\n## Reads\n');
    let next = start < 0 ? -1 : old.indexOf('\n## ', start + 1);
    if (next < 0) next = old.length;
    const updated =
      start < 0
        ? `${old.trimEnd()}\n\n${section}`
        : `${old.slice(0, start + 1)}${section}${old.slice(next + 1)}`;
    writeFileSync(DOCS, updated.endsWith('\n') ? updated : `${updated}\n`);
  }
  const text = `${lines.join('\n')}\n${failures.length ? `\nFAIL:\n${failures.map((f) => `  ${f}`).join('\n')}\n` : ''}`;
  return { text, ok: failures.length === 0 };
}
