/**
 * The `downwatch detect` command: scores a CSV series file with a detector. A thin adapter over
 * detectCsv (CSV in, CSV out, here in the CLI); the scoring itself is the detector's
 * (createSeriesDetector in src/detector). The CLI entry point passes its arguments and streams.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, unlinkSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { DETECTOR_NAMES, isDetectorName } from '../detector/registry.ts';
import { SERVICE_STATES } from '../shared/status-vocabulary.ts';
import { CsvInputError, detectCsv } from './detect-csv.ts';
import type { Io } from './io.ts';

const HELP = `Usage: downwatch detect --input series.csv [--output out.csv] [--model auto|counts|continuous] [--detector name]

Scores any numeric series, one row at a time, using only the rows before it.

Input rows are "timestamp,value" (a header line is optional). Timestamps are ISO 8601
(UTC when no zone is given) or epoch seconds or milliseconds. The sampling interval (1 to 60
minutes) is the median gap of the first rows.

The model is chosen from the first 60 rows and printed on standard error:
  counts      every value a whole number >= 0 (reports, errors, events per interval):
              seasonal Poisson with overdispersion learned from the series
  continuous  anything else (response times, utilisation, negative values): seasonal level
              with a robust spread, flagged when it moves well away from usual either way

What real files contain:
  - rows must not go back in time; sort the file by its first column first;
  - rows sharing a timestamp, or falling into one interval when sampling is irregular, are one
    interval: values summed for counts, averaged for continuous values;
  - intervals without a row are gaps (for counts: nothing counted).

Output rows are "timestamp,value,score,status", one per interval: score is 0..1, status one of
${SERVICE_STATES.join(', ')}.

Options:
  -i, --input PATH     the CSV file to read ("-" for standard input)
  -o, --output PATH    where to write the result (default: standard output)
      --model M        auto (default), counts or continuous
      --detector NAME  the count detector: seasonal-poisson (default) or fixed-threshold
  -h, --help           show this help

Exit status: 0 done, 1 bad input, 2 bad usage.
`;

const PROGRESS_ROWS = 100_000;
const PROGRESS_MS = 1000;
const CHUNK = 64 * 1024;

/** Writes and waits for the stream to drain when it asks to. */
async function write(out: NodeJS.WritableStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/** Runs `downwatch detect`; resolves with the exit code. */
export async function detectCommand(args: string[], io: Io): Promise<number> {
  let values: { input?: string; output?: string; detector?: string; model?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        input: { type: 'string', short: 'i' },
        output: { type: 'string', short: 'o' },
        detector: { type: 'string' },
        model: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.stderr.write(
      `downwatch detect: ${(error as Error).message}\nRun "downwatch detect --help" for usage.\n`,
    );
    return 2;
  }
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const usage = (message: string) => {
    io.stderr.write(`downwatch detect: ${message}\nRun "downwatch detect --help" for usage.\n`);
    return 2;
  };
  if (!values.input) return usage('missing --input (a CSV file, or - for standard input).');
  const detector = values.detector ?? DETECTOR_NAMES[0];
  if (!isDetectorName(detector) || detector === 'seasonal-level')
    return usage(`unknown count detector "${detector}"; use seasonal-poisson or fixed-threshold.`);
  const model = values.model ?? 'auto';
  if (model !== 'auto' && model !== 'counts' && model !== 'continuous')
    return usage(`unknown model "${model}"; use auto, counts or continuous.`);
  let chosen = '';

  const input: NodeJS.ReadableStream = values.input === '-' ? io.stdin : createReadStream(values.input);
  const readFailure = new Promise<never>((_, reject) => input.once('error', reject));
  readFailure.catch(() => {});
  const out: NodeJS.WritableStream = values.output ? createWriteStream(values.output) : io.stdout;
  const writeFailure = new Promise<never>((_, reject) => {
    if (out !== io.stdout) out.once('error', (e: Error) => reject(Object.assign(e, { output: true })));
  });
  writeFailure.catch(() => {});
  const started = Date.now();
  let lastReport = started;
  let rows = 0;
  let runs = 0;
  let down = 0;
  let wasDown = false;
  const onRow = (n: number, status: string) => {
    rows = n;
    const isDown = status !== 'operational';
    if (isDown && !wasDown) runs++;
    if (isDown) down++;
    wasDown = isDown;
  };
  try {
    // Attach the line iterator at once: lines emitted before it exists would be lost.
    const iterator = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })[Symbol.asyncIterator]();
    const lines = { [Symbol.asyncIterator]: () => iterator };
    let buffer = '';
    const work = (async () => {
      const onModel = (m: string, name: string, minutes: number) => {
        chosen = `${m} (${name}, ${minutes}-minute intervals)`;
        io.stderr.write(`detect: scoring as ${chosen}.\n`);
      };
      for await (const line of detectCsv(lines, { detector, model, onRow, onModel })) {
        buffer += `${line}\n`;
        if (buffer.length >= CHUNK) {
          await write(out, buffer);
          buffer = '';
        }
        const now = Date.now();
        if (rows > 0 && (rows % PROGRESS_ROWS === 0 || now - lastReport >= PROGRESS_MS)) {
          lastReport = now;
          io.stderr.write(`detect: ${rows.toLocaleString('en-US')} rows\n`);
        }
      }
      await write(out, buffer);
    })();
    await Promise.race([work, readFailure, writeFailure]);
    if (out !== io.stdout) {
      out.end();
      await Promise.race([once(out, 'finish'), writeFailure]);
    }
  } catch (error) {
    if (out !== io.stdout) {
      out.end();
      try {
        unlinkSync(values.output!);
      } catch {
        // nothing was written
      }
    }
    if (error instanceof CsvInputError) {
      io.stderr.write(`downwatch detect: ${values.input}, ${error.message}\n`);
      return 1;
    }
    const e = error as NodeJS.ErrnoException & { output?: boolean };
    if (e.code === 'ENOENT' || e.code === 'EACCES' || e.code === 'EISDIR') {
      const what = e.output ? `write ${values.output}` : `read ${values.input}`;
      io.stderr.write(
        `downwatch detect: cannot ${what} (${e.code === 'ENOENT' ? 'no such file or directory' : e.code}).\n`,
      );
      return 1;
    }
    throw error;
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  io.stderr.write(
    `detect: ${rows.toLocaleString('en-US')} rows in ${seconds} s; ${runs} incident(s), ${down} row(s) not operational; model ${chosen || 'none (no rows)'}.\n`,
  );
  return 0;
}
