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

/** Parses one line; null for a blank line. Any finite number is a value. Throws CsvInputError. */
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
  if (!Number.isFinite(value)) throw new CsvInputError(line, `the value "${valueText}" is not a number.`);
  return { line, timestamp, t, value };
}

/** Sampling interval in whole minutes from the first rows (median gap). Throws CsvInputError. */
export function inferInterval(rows: CsvRow[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < rows.length; i++)
    if (rows[i]!.t > rows[i - 1]!.t) gaps.push(rows[i]!.t - rows[i - 1]!.t);
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

/** How values are modelled: counts (seasonal-poisson or fixed-threshold) or continuous (seasonal-level). */
export type SeriesModel = 'counts' | 'continuous';

/** A count is a whole number ≥ 0. */
const isCount = (v: number) => v >= 0 && Number.isInteger(v);

/** The model the first rows call for: counts when every value is a whole number ≥ 0. */
export const chooseModel = (rows: readonly CsvRow[]): SeriesModel =>
  rows.every((r) => isCount(r.value)) ? 'counts' : 'continuous';

/** Options of `detectCsv`. */
export type DetectCsvOptions = {
  /** The count detector (default seasonal-poisson); continuous series always use seasonal-level. */
  detector?: DetectorName;
  detectorOptions?: AnyDetectorOptions;
  /** 'auto' (default) chooses from the first rows; see chooseModel. */
  model?: SeriesModel | 'auto';
  /** Rows used to infer the interval and the model (default 60). */
  inferRows?: number;
  /** Called once the model is chosen, with the detector that scores the series and the interval. */
  onModel?: (model: SeriesModel, detector: DetectorName, intervalMinutes: number) => void;
  /** Called after each output row with the number of output rows done and the row's status. */
  onRow?: (rows: number, status: ServiceState) => void;
};

/**
 * Scores a CSV stream line by line. Yields the output header, then one output line per sampling
 * interval (no trailing newline). The first line is a header when its value field is not a number.
 *
 * Rules for what real files contain: rows must not go back in time (sort the file first); rows
 * that share a timestamp, or fall into one sampling interval when sampling is irregular, are one
 * interval: their values are summed for counts and averaged for continuous values, and the output
 * row carries the first row's timestamp. Intervals with no row are gaps (no reports for counts).
 */
export async function* detectCsv(
  lines: AsyncIterable<string> | Iterable<string>,
  options: DetectCsvOptions = {},
): AsyncGenerator<string> {
  const inferRows = Math.max(2, options.inferRows ?? 60);
  const pending: CsvRow[] = [];
  let lineNo = 0;
  let seenLine = false;
  let lastT = Number.NEGATIVE_INFINITY;
  let done = 0;
  let model: SeriesModel = 'counts';
  let stepMs = MINUTE;
  let origin = 0;
  let score: ((t: number, value: number) => { score: number; status: ServiceState }) | undefined;
  // The interval being gathered: its first row's timestamp, its time, the sum and number of values.
  let open: { timestamp: string; t: number; bucket: number; sum: number; n: number } | undefined;
  const start = () => {
    const intervalMinutes = inferInterval(pending);
    model = options.model === undefined || options.model === 'auto' ? chooseModel(pending) : options.model;
    const name: DetectorName =
      model === 'continuous' ? 'seasonal-level' : (options.detector ?? 'seasonal-poisson');
    options.onModel?.(model, name, intervalMinutes);
    stepMs = intervalMinutes * MINUTE;
    origin = pending[0]!.t;
    const d = createSeriesDetector(name, { ...options.detectorOptions, intervalMinutes });
    score = (t, value) => d.step({ t, count: value });
  };
  const flush = (): string => {
    const o = open!;
    const value = model === 'counts' ? o.sum : o.sum / o.n;
    const v = score!(o.t, value);
    options.onRow?.(++done, v.status);
    return `${o.timestamp},${value},${v.score.toFixed(4)},${v.status}`;
  };
  /** Adds a row to the open interval; returns the finished interval's output line, if one closed. */
  const add = (row: CsvRow): string | undefined => {
    if (model === 'counts' && !isCount(row.value)) {
      throw new CsvInputError(
        row.line,
        `the value "${row.value}" is not a count (a whole number ≥ 0), but the first rows were, so the series is scored as counts; use --model continuous.`,
      );
    }
    const bucket = Math.floor((row.t - origin) / stepMs);
    if (open && open.bucket === bucket) {
      open.sum += row.value;
      open.n += 1;
      return undefined;
    }
    const line = open ? flush() : undefined;
    open = { timestamp: row.timestamp, t: origin + bucket * stepMs, bucket, sum: row.value, n: 1 };
    return line;
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
    if (row.t < lastT) {
      throw new CsvInputError(
        lineNo,
        `timestamp "${row.timestamp}" is not after the previous row's; rows must be in time order (sort the file by its first column first).`,
      );
    }
    lastT = row.t;
    if (!score) {
      pending.push(row);
      if (pending.length < inferRows) continue;
      start();
      for (const p of pending.splice(0)) {
        const out = add(p);
        if (out !== undefined) yield out;
      }
      continue;
    }
    const out = add(row);
    if (out !== undefined) yield out;
  }
  if (!score && pending.length > 0) {
    start();
    for (const p of pending.splice(0)) {
      const out = add(p);
      if (out !== undefined) yield out;
    }
  }
  if (open) yield flush();
}
