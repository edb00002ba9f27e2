import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, test } from 'node:test';
import { gamma, mulberry32, poisson } from '../scenarios/random.ts';
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
  assert.match(stderr.text(), /bad\.csv, line 3: the value "abc" is not a number\./);
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

/** Runs detectCsv over lines and returns the output rows split into fields (header dropped). */
async function score(lines: string[], options: Parameters<typeof detectCsv>[1] = {}): Promise<string[][]> {
  const out: string[][] = [];
  for await (const l of detectCsv(lines, options)) out.push(l.split(','));
  return out.slice(1);
}

/** Runs of non-operational rows. */
const incidents = (rows: string[][]) =>
  rows.filter((r, i) => r[3] !== 'operational' && (i === 0 || rows[i - 1]![3] === 'operational')).length;

test('a response-time series (continuous, with a daily cycle) is scored as continuous; a lasting slowdown is flagged', async () => {
  const r = mulberry32(9);
  const t0 = Date.UTC(2024, 0, 1);
  const lines: string[] = [];
  const rows = 3 * 288 + 36; // three days of 5-minute rows, then three hours at +40%
  for (let i = 0; i < rows; i++) {
    const t = t0 + i * 5 * 60_000;
    const usual = 180 + 60 * Math.sin((2 * Math.PI * i) / 288);
    const slow = i >= 3 * 288 ? 1.4 : 1;
    lines.push(`${new Date(t).toISOString()},${(usual * slow * (1 + 0.05 * (r.next() - 0.5))).toFixed(1)}`);
  }
  let chosen = '';
  const out = await score(lines, { onModel: (m, d, minutes) => (chosen = `${m} ${d} ${minutes}`) });
  assert.equal(chosen, 'continuous seasonal-level 5');
  const before = out.slice(288, 3 * 288);
  assert.equal(incidents(before), 0, 'false alarm on the normal days');
  assert.ok(
    out.slice(3 * 288, 3 * 288 + 6).some((row) => row[3] !== 'operational'),
    'the slowdown was not flagged within 30 minutes',
  );
});

test('negative values (a balance, a temperature) are accepted and scored as continuous', async () => {
  const t0 = Date.UTC(2024, 0, 1);
  const r = mulberry32(4);
  const lines = Array.from({ length: 2000 }, (_, i) => {
    const v = -20 + 3 * (r.next() - 0.5) + (i >= 1900 ? -25 : 0);
    return `${new Date(t0 + i * 60_000).toISOString()},${v.toFixed(2)}`;
  });
  const out = await score(lines);
  assert.equal(out.length, 2000);
  assert.equal(incidents(out.slice(100, 1900)), 0, 'false alarm before the drop');
  assert.notEqual(out.at(-1)![3], 'operational', 'the drop to -45 was not flagged');
});

test('duplicate timestamps and irregular sampling: one row per interval, counts summed', async () => {
  const t0 = Date.UTC(2024, 0, 1);
  const iso = (ms: number) => new Date(t0 + ms).toISOString();
  const lines = [
    ...Array.from({ length: 60 }, (_, i) => `${iso(i * 60_000)},1`),
    `${iso(60 * 60_000)},2`,
    `${iso(60 * 60_000)},3`, // the same timestamp again: summed into 5
    `${iso(61 * 60_000 + 20_000)},1`,
    `${iso(61 * 60_000 + 40_000)},1`, // two rows inside one minute: summed into 2
    `${iso(63 * 60_000)},1`, // minute 62 has no row: a gap
  ];
  const out = await score(lines);
  assert.equal(out.length, 63);
  assert.deepEqual(
    out.slice(60).map((r) => `${r[0]}=${r[1]}`),
    [`${iso(60 * 60_000)}=5`, `${iso(61 * 60_000 + 20_000)}=2`, `${iso(63 * 60_000)}=1`],
  );
});

test('a value that is not a count in a count series names the line and the way out', async () => {
  const lines = [
    ...Array.from({ length: 60 }, (_, i) => `${1704067200 + i * 60},2`),
    `${1704067200 + 3600},-1`,
  ];
  await assert.rejects(async () => {
    for await (const _ of detectCsv(lines)) {
      // drain
    }
  }, /line 61: the value "-1" is not a count .* use --model continuous\./);
  const out = await score(lines, { model: 'continuous' });
  assert.equal(out.length, 61);
});

test('bursty real-shaped counts (5-minute counts over two months, overdispersed) do not open an incident every few hours', async () => {
  // Negative-binomial counts (gamma-Poisson, φ = 1.5) around a daily cycle of 5 to 40 per 5 minutes,
  // with the multiplier held for half an hour at a time, as social-media volumes burst.
  const r = mulberry32(17);
  const t0 = Date.UTC(2024, 2, 1);
  const rows = 61 * 288;
  const lines: string[] = [];
  let held = 1;
  for (let i = 0; i < rows; i++) {
    if (i % 6 === 0) held = gamma(r, 1 / 1.5) * 1.5;
    const usual = 22.5 - 17.5 * Math.cos((2 * Math.PI * i) / 288);
    lines.push(`${t0 / 1000 + i * 300},${poisson(r, usual * held)}`);
  }
  let chosen = '';
  const out = await score(lines, { onModel: (m) => (chosen = m) });
  assert.equal(chosen, 'counts');
  const runs = incidents(out.slice(7 * 288));
  // Two months: an incident every few hours would be hundreds (531 before issue 17). A multiplier of
  // 8× held for half an hour happens here every few days by construction; allow one every two days.
  assert.ok(runs <= 27, `${runs} incidents in 54 days`);
});
