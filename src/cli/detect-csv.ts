/**
 * Streaming detection over a CSV series: rows `timestamp,value` in, rows
 * `timestamp,value,score,status` out, each scored only from the rows before it (causal). Sampling
 * intervals from 1 minute to 1 hour are inferred from the first rows; the detector's per-minute
 * expectations scale with them.
 */

import { type AnyDetectorOptions, createSeriesDetector, type DetectorName } from '../detector/registry.ts';
import type { ServiceState } from '../shared/status-vocabulary.ts';
import { MINUTE } from '../shared/time.ts';

/** A row that cannot be read; `line` is 1-based. The message is a plain sentence naming the line. */
export class CsvInputError extends Error {
  readonly line: number;
  constructor(line: number, problem: string) {
    super(`line ${line}: ${problem}`);
    this.name = 'CsvInputError';
    this.line = line;
  }
}

/** One data row. */
export type CsvRow = { line: number; timestamp: string; t: number; value: number };

const ISO = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const EPOCH = /^\d{1,16}(\.\d+)?$/;

/**
 * Epoch ms of an ISO 8601 timestamp (no zone means UTC) or of epoch seconds or milliseconds
 * (values below 1e11 are seconds); undefined when it is neither.
 */
export function parseTimestamp(text: string): number | undefined {
  if (EPOCH.test(text)) {
    const n = Number(text);
    return n < 1e11 ? Math.round(n * 1000) : Math.round(n);
  }
  const m = ISO.exec(text);
  if (!m) return undefined;
  const zoned = m[4] !== undefined ? text : `${text.replace(' ', 'T')}${m[1] ? '' : 'T00:00'}Z`;
  const t = Date.parse(zoned.replace(' ', 'T'));
  return Number.isNaN(t) ? undefined : t;
}

const unquote = (s: string) => {
  const v = s.trim();
  return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1).trim() : v;
};

/** Parses one line; null for a blank line. Throws CsvInputError. */
export function parseCsvLine(text: string, line: number): CsvRow | null {
  if (text.trim() === '') return null;
  const fields = text.split(',');
  if (fields.length !== 2) {
    throw new CsvInputError(line, `expected 2 fields (timestamp,value) but found ${fields.length}.`);
  }
  const timestamp = unquote(fields[0]!);
  const valueText = unquote(fields[1]!);
  const t = parseTimestamp(timestamp);
  if (t === undefined) {
    throw new CsvInputError(
      line,
      `"${timestamp}" is not a timestamp (use ISO 8601 or epoch seconds or milliseconds).`,
    );
  }
  const value = valueText === '' ? Number.NaN : Number(valueText);
  if (!Number.isFinite(value) || value < 0) {
    throw new CsvInputError(line, `the value "${valueText}" is not a non-negative number.`);
  }
  return { line, timestamp, t, value };
}

/** Sampling interval in whole minutes from the first rows (median gap). Throws CsvInputError. */
export function inferInterval(rows: CsvRow[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < rows.length; i++) gaps.push(rows[i]!.t - rows[i - 1]!.t);
  if (gaps.length === 0) return 1;
  gaps.sort((a, b) => a - b);
  const median = gaps[Math.floor(gaps.length / 2)]!;
  const minutes = Math.round(median / MINUTE);
  if (minutes < 1 || minutes > 60) {
    throw new CsvInputError(
      rows[1]!.line,
      `rows are ${(median / MINUTE).toPrecision(3)} minutes apart; supported intervals are 1 to 60 minutes.`,
    );
  }
  return minutes;
}

/** A header: two fields, neither a timestamp first nor a number second ("timestamp,value"). */
function isHeader(line: string): boolean {
  const fields = line.split(',');
  if (fields.length !== 2) return false;
  const value = unquote(fields[1]!);
  return parseTimestamp(unquote(fields[0]!)) === undefined && (value === '' || Number.isNaN(Number(value)));
}

/** Options of `detectCsv`. */
export type DetectCsvOptions = {
  detector?: DetectorName;
  detectorOptions?: AnyDetectorOptions;
  /** Rows used to infer the interval (default 10). */
  inferRows?: number;
  /** Called after each row with the number of data rows done and the row's status. */
  onRow?: (rows: number, status: ServiceState) => void;
};

/**
 * Scores a CSV stream line by line. Yields the output header, then one output line per data row
 * (no trailing newline). The first line is a header when its value field is not a number.
 */
export async function* detectCsv(
  lines: AsyncIterable<string> | Iterable<string>,
  options: DetectCsvOptions = {},
): AsyncGenerator<string> {
  const inferRows = Math.max(2, options.inferRows ?? 10);
  const pending: CsvRow[] = [];
  let step: ((row: CsvRow) => string) | undefined;
  let lineNo = 0;
  let seenLine = false;
  let lastT = Number.NEGATIVE_INFINITY;
  let done = 0;
  const start = (): ((row: CsvRow) => string) => {
    const intervalMinutes = inferInterval(pending);
    const d = createSeriesDetector(options.detector ?? 'seasonal-poisson', {
      ...options.detectorOptions,
      intervalMinutes,
    });
    return (row) => {
      const v = d.step({ t: row.t, count: row.value });
      options.onRow?.(++done, v.status);
      return `${row.timestamp},${row.value},${v.score.toFixed(4)},${v.status}`;
    };
  };
  yield 'timestamp,value,score,status';
  for await (const text of lines) {
    lineNo++;
    const line = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (!seenLine && line.trim() !== '') {
      seenLine = true;
      if (isHeader(line)) continue;
    }
    const row = parseCsvLine(line, lineNo);
    if (!row) continue;
    if (row.t <= lastT) {
      throw new CsvInputError(lineNo, `timestamp "${row.timestamp}" is not after the previous row's.`);
    }
    lastT = row.t;
    if (!step) {
      pending.push(row);
      if (pending.length < inferRows) continue;
      step = start();
      for (const p of pending.splice(0)) yield step(p);
      continue;
    }
    yield step(row);
  }
  if (!step && pending.length > 0) {
    step = start();
    for (const p of pending) yield step(p);
  }
}
