import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, test } from 'node:test';
import { mulberry32, poisson } from '../scenarios/random.ts';
import { detectCommand } from './detect-command.ts';
import { detectCsv, parseTimestamp } from './detect-csv.ts';

const dir = mkdtempSync(join(tmpdir(), 'downwatch-detect-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Collects what a stream receives. */
function sink(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (c) => {
    text += String(c);
  });
  return { stream, text: () => text };
}

const io = () => {
  const stdout = sink();
  const stderr = sink();
  return { io: { stdin: new PassThrough(), stdout: stdout.stream, stderr: stderr.stream }, stdout, stderr };
};

/** Two days of Poisson(3) per `minutes` rows, then 30 rows at 25×. */
function series(minutes: number, epochSeconds = false): string {
  const r = mulberry32(5);
  const lines = ['timestamp,value'];
  const t0 = Date.UTC(2024, 0, 1);
  const rows = (2 * 1440) / minutes + 30;
  for (let i = 0; i < rows; i++) {
    const t = t0 + i * minutes * 60_000;
    const mean = 3 * minutes * (i >= rows - 30 ? 25 : 1);
    lines.push(`${epochSeconds ? t / 1000 : new Date(t).toISOString()},${poisson(r, mean)}`);
  }
  return `${lines.join('\n')}\n`;
}

test('parses ISO 8601 and epoch seconds and milliseconds', () => {
  const t = Date.UTC(2021, 9, 4, 15, 40);
  assert.equal(parseTimestamp('2021-10-04T15:40:00Z'), t);
  assert.equal(parseTimestamp('2021-10-04T17:40:00+02:00'), t);
  assert.equal(parseTimestamp('2021-10-04 15:40'), t);
  assert.equal(parseTimestamp(String(t / 1000)), t);
  assert.equal(parseTimestamp(String(t)), t);
  assert.equal(parseTimestamp('yesterday'), undefined);
});

for (const minutes of [1, 15, 60]) {
  test(`scores a ${minutes}-minute series file and flags the jump at its end`, async () => {
    const input = join(dir, `series-${minutes}.csv`);
    const output = join(dir, `out-${minutes}.csv`);
    writeFileSync(input, series(minutes, minutes === 15));
    const { io: streams, stderr } = io();
    assert.equal(await detectCommand(['--input', input, '--output', output], streams), 0, stderr.text());
    const lines = readFileSync(output, 'utf8').trim().split('\n');
    assert.equal(lines[0], 'timestamp,value,score,status');
    assert.equal(lines.length, 1 + (2 * 1440) / minutes + 30);
    const statuses = lines.slice(1).map((l) => l.split(',')[3]);
    const firstAlarm = statuses.findIndex((s) => s !== 'operational');
    assert.ok(firstAlarm >= lines.length - 1 - 30, `false alarm at row ${firstAlarm}`);
    assert.ok(statuses.at(-1) !== 'operational', 'missed the jump');
    assert.match(stderr.text(), /rows in .* s; 1 incident/);
  });
}

test('names the line and the problem of a bad row and exits 1', async () => {
  const input = join(dir, 'bad.csv');
  writeFileSync(input, 'timestamp,value\n2024-01-01T00:00:00Z,3\n2024-01-01T00:01:00Z,abc\n');
  const { io: streams, stderr } = io();
  assert.equal(await detectCommand(['--input', input], streams), 1);
  assert.match(stderr.text(), /bad\.csv, line 3: the value "abc" is not a non-negative number\./);
});

test('rejects rows out of time order, naming the line', async () => {
  const rows = ['2024-01-01T00:00:00Z,1', '2024-01-01T00:01:00Z,1', '2024-01-01T00:00:30Z,1'];
  await assert.rejects(async () => {
    for await (const _ of detectCsv(rows)) {
      // drain
    }
  }, /line 3: timestamp "2024-01-01T00:00:30Z" is not after the previous row's/);
});

test('rejects sampling intervals outside 1 minute to 1 hour', async () => {
  const rows = ['0,1', '10,1', '20,1'];
  await assert.rejects(async () => {
    for await (const _ of detectCsv(rows)) {
      // drain
    }
  }, /line 2: rows are 0\.167 minutes apart; supported intervals are 1 to 60 minutes/);
});

test('reads standard input and writes standard output', async () => {
  const { io: streams, stdout } = io();
  const done = detectCommand(['--input', '-'], streams);
  (streams.stdin as PassThrough).end('1704067200,2\n1704067260,1\n1704067320,0\n');
  assert.equal(await done, 0);
  assert.deepEqual(
    stdout
      .text()
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',').slice(0, 2).join(',')),
    ['1704067200,2', '1704067260,1', '1704067320,0'],
  );
});

test('explains usage errors and missing files', async () => {
  let r = io();
  assert.equal(await detectCommand([], r.io), 2);
  assert.match(r.stderr.text(), /missing --input/);
  r = io();
  assert.equal(await detectCommand(['--input', join(dir, 'nope.csv')], r.io), 1);
  assert.match(r.stderr.text(), /cannot read .*nope\.csv \(no such file or directory\)/);
  r = io();
  assert.equal(await detectCommand(['--bogus'], r.io), 2);
  r = io();
  assert.equal(await detectCommand(['--help'], r.io), 0);
  assert.match(r.stdout.text(), /Usage: downwatch detect --input series\.csv/);
});
