/**
 * What bench/intake prints after its runs (run.ts): the table of runs, the group-commit, thread and
 * durability lines, and the failures they imply.
 */
import type { LoadResult } from './client.ts';
import { fmt, pct } from './format.ts';
import type { Kind, ServerStats } from './server.ts';
import { describeThreads } from './thread-times.ts';

/** Share of failed requests (non-2xx or socket errors) above which a run fails. */
const MAX_ERROR_RATE = 0.001;

/** One measured (or discarded) run of one server. */
export type RunResult = {
  label: string;
  kind: Kind;
  result: LoadResult;
  server: ServerStats;
  clientCpuPct: number;
  /** CPU used by everything else on the machine during the measured run (other processes), in % of one core. */
  otherCpuPct: number;
  /** 201 responses, warm-up included. */
  created: number;
  /** Intake only: what the store holds after the server exited. */
  store?: { rows: number; counted: number; journal: string };
};

const HEADER = [
  'run',
  'req/s',
  'p50 ms',
  'p99 ms',
  'responses',
  'non-2xx',
  'errors',
  'server CPU',
  'CPU µs/req',
  'main µs/req',
  'server ELU',
  'client CPU',
  'other CPU',
];

const failedShare = (x: LoadResult): number => (x.non2xx + x.errors) / Math.max(1, x.responses + x.errors);

/** A Markdown table: the first column left-aligned, the others right-aligned. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const sep = `|${widths.map((w, i) => (i === 0 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(rows[0]!), sep, ...rows.slice(1).map(line)].join('\n');
}

/**
 * The runs as a table, then the bare endpoint's figure (its median, or the mean of the two runs
 * around a single intake run) and, with several rounds, the intake's median.
 */
export function runsTable(runs: RunResult[], summary: { bare: number; intake?: number }): string {
  const rows: string[][] = [HEADER];
  for (const r of runs) {
    const x = r.result;
    rows.push([
      r.label,
      fmt(x.rps),
      fmt(x.p50Ms, 1),
      fmt(x.p99Ms, 1),
      fmt(x.responses),
      fmt(x.non2xx),
      fmt(x.errors),
      pct((100 * r.server.cpuMs) / r.server.wallMs),
      fmt((1000 * r.server.cpuMs) / Math.max(1, x.responses), 1),
      fmt((1000 * r.server.mainCpuMs) / Math.max(1, x.responses), 1),
      r.server.elu.toFixed(2),
      pct(r.clientCpuPct),
      pct(r.otherCpuPct),
    ]);
  }
  const blank = Array<string>(HEADER.length - 2).fill('');
  const many = summary.intake !== undefined;
  rows.push([many ? 'bare (median)' : 'bare (mean)', fmt(summary.bare), ...blank]);
  if (summary.intake !== undefined) rows.push(['intake (median)', fmt(summary.intake), ...blank]);
  return table(rows);
}

/** Runs, measured or discarded, in which more than 0.1% of requests failed. */
export function errorRateFailures(runs: RunResult[], discarded: RunResult[]): string[] {
  const failures: string[] = [];
  for (const r of discarded) {
    const x = r.result;
    if (failedShare(x) > MAX_ERROR_RATE)
      failures.push(
        `${r.label} (discarded attempt): ${x.non2xx} non-2xx responses, ${x.errors} socket errors`,
      );
  }
  for (const r of runs) {
    const x = r.result;
    const bad = failedShare(x);
    if (bad > MAX_ERROR_RATE) {
      const codes = Object.entries(x.statusCodes)
        .map(([code, n]) => `${code}×${n}`)
        .join(', ');
      failures.push(
        `${r.label}: ${fmt(100 * bad, 2)}% of requests failed (status codes: ${codes}; socket errors/timeouts: ${x.errors}/${x.timeouts})`,
      );
    }
  }
  return failures;
}

/** Per intake run: batches, their sizes and the time spent awaiting the store. */
export function commitLines(intakes: RunResult[]): string[] {
  const out: string[] = [];
  for (const intake of intakes) {
    const c = intake.server.commits;
    if (c && c.batches > 0) {
      out.push(
        `group commit (${intake.label}, measured window): ${fmt(c.batches)} batches, ${fmt(c.reports / c.batches, 1)} reports/batch (max ${c.maxBatch}), ` +
          `store ${fmt(c.storeMs / c.batches, 2)} ms/batch (max ${fmt(c.maxStoreMs, 1)}), ${pct((100 * c.storeMs) / intake.server.wallMs)} of wall time awaiting the store` +
          (c.sizes ? `; batch sizes p10/p50/p90 ${c.sizes.join('/')}` : ''),
      );
    }
  }
  return out;
}

/** Per run: each group of server threads (Linux only). */
export function threadLines(runs: RunResult[]): string[] {
  const out: string[] = [];
  for (const r of runs) {
    const t = r.server.threads;
    if (t && t.length > 0)
      out.push(`threads (${r.label}): ${describeThreads(t, r.result.responses, r.server.wallMs)}`);
  }
  return out;
}

/**
 * Per intake run: the reports acknowledged with 201 against the rows in the store. The store may
 * hold up to `slack` more (requests in flight when the client stopped), never fewer.
 */
export function durabilityLines(
  intakes: RunResult[],
  slack: number,
): { lines: string[]; failures: string[] } {
  const lines: string[] = [];
  const failures: string[] = [];
  for (const intake of intakes) {
    const s = intake.store;
    if (!s) continue;
    const ok = s.rows >= intake.created && s.rows <= intake.created + slack;
    lines.push(
      `durability (${intake.label}): ${fmt(intake.created)} reports acknowledged with 201 (warm-up included), ${fmt(s.rows)} rows in reports ` +
        `(${fmt(s.counted)} counted, ${fmt(s.rows - s.counted)} repeats in their window), journal_mode=${s.journal}, synchronous=FULL — ` +
        `${ok ? 'OK' : 'MISMATCH'}`,
    );
    if (s.rows < intake.created)
      failures.push(
        `${intake.label}: the store lost reports: ${intake.created} acknowledged, ${s.rows} stored`,
      );
    else if (!ok)
      failures.push(
        `${intake.label}: the store holds ${s.rows - intake.created} more reports than acknowledged (more than the ${slack} that can be in flight when the client stops)`,
      );
  }
  return { lines, failures };
}
