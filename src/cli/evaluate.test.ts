import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, test } from 'node:test';
import { z } from 'zod';
import { main } from './main.ts';

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await main(argv, { stdin: new PassThrough(), stdout, stderr }, {});
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'dw-evaluate-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// A busy service whose outage ramps linearly to 10× its peak rate over 60 minutes: the extra reports
// reach twice the normal rate (3× in all) about 12 minutes in, so latency3 = latency − ~12.
const outageFile = join(dir, 'ramp.yaml');
writeFileSync(
  outageFile,
  `name: ramp
start: 2024-04-08T00:00:00Z
end: 2024-04-09T00:00:00Z
warmupDays: 3
services:
  - { id: shop, per15: 150, trough: 1 }
  - { id: bank, per15: 60, trough: 1 }
incidents:
  - id: shop-ramp
    title: Shop checkout failing
    outages:
      - { service: shop, start: 2024-04-08T12:00:00Z, end: 2024-04-08T14:00:00Z, peak: 1500, curve: [[0, 0], [60, 1]] }
`,
);
const trapFile = join(dir, 'quiet.yaml');
writeFileSync(
  trapFile,
  `name: quiet day
start: 2024-04-08T00:00:00Z
end: 2024-04-09T00:00:00Z
warmupDays: 3
services:
  - { id: shop, per15: 150 }
`,
);

const Row = z.strictObject({
  file: z.string(),
  seed: z.number(),
  scale: z.number(),
  serviceDays: z.number(),
  outages: z.array(
    z.strictObject({
      id: z.string(),
      service: z.string(),
      latency: z.number().nullable(),
      latency3: z.number().nullable(),
      reaches3: z.boolean(),
      recoveryLag: z.number().nullable(),
    }),
  ),
  falseRuns: z.array(
    z.strictObject({
      service: z.string(),
      start: z.iso.datetime(),
      end: z.iso.datetime().nullable(),
      worst: z.enum(['degraded_performance', 'partial_outage', 'major_outage']),
    }),
  ),
});

test('evaluate --json: one object per file × seed × scale, latency3 counted from the 3× minute', async () => {
  const json = join(dir, 'out.json');
  const r = await run(['evaluate', outageFile, trapFile, '--seeds', '1,2', '--scales', '1', '--json', json]);
  assert.equal(r.code, 0, r.err);
  const rows = z.array(Row).parse(JSON.parse(readFileSync(json, 'utf8')));
  assert.deepEqual(
    rows.map((x) => [x.file, x.seed, x.scale]),
    [
      [outageFile, 1, 1],
      [outageFile, 2, 1],
      [trapFile, 1, 1],
      [trapFile, 2, 1],
    ],
  );
  assert.equal(rows[0]!.serviceDays, 2);
  assert.equal(rows[2]!.outages.length, 0);
  for (const row of rows.slice(0, 2)) {
    const [o] = row.outages;
    assert.ok(o, 'the outage is scored');
    assert.equal(o.id, 'shop-ramp/shop');
    assert.equal(o.reaches3, true);
    assert.ok(o.latency !== null && o.latency3 !== null, 'a 10× ramp is flagged');
    // 2 × 10/min normal = 20/min extra at 1500/15 × m/60 → m = 12 (the 13th minute, 12:12).
    assert.equal(o.latency - o.latency3, 12);
  }
  assert.match(r.out, /flagged ≤ 2 min after reaching 3× normal/);
  assert.match(r.out, /shop-ramp\/shop/);
  assert.match(r.err, /100%/, 'progress on stderr');
});

test('evaluate: an outage that never reaches 3× has latency3 null', async () => {
  const file = join(dir, 'mild.yaml');
  writeFileSync(
    file,
    readFileSync(outageFile, 'utf8')
      .replace('peak: 1500', 'peak: 100')
      .replace('[[0, 0], [60, 1]]', '[[0, 1]]'),
  );
  const json = join(dir, 'mild.json');
  const r = await run(['evaluate', file, '--scales', '1', '--json', json]);
  assert.equal(r.code, 0, r.err);
  const [row] = z.array(Row).parse(JSON.parse(readFileSync(json, 'utf8')));
  assert.equal(row!.outages[0]!.reaches3, false);
  assert.equal(row!.outages[0]!.latency3, null);
});

test('evaluate: bad input is one sentence with exit 2', async () => {
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'name: bad\nstart: 2024-04-08T00:00:00Z\nend: 2024-04-07T00:00:00Z\nservices: []\n');
  for (const argv of [
    ['evaluate'],
    ['evaluate', join(dir, 'missing.yaml')],
    ['evaluate', bad],
    ['evaluate', trapFile, '--seeds', '1,x'],
    ['evaluate', trapFile, '--scales', '0'],
    ['evaluate', trapFile, '--json', join(dir, 'no-such-dir', 'out.json')],
    ['evaluate', trapFile, '--sedes', '1'],
  ]) {
    const r = await run(argv);
    assert.equal(r.code, 2, argv.join(' '));
    const lines = r.err
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('evaluate ('));
    assert.equal(lines.length, 1, `${argv.join(' ')}: ${r.err}`);
    assert.doesNotMatch(lines[0]!, /at .*\.ts:\d+/, 'no stack trace');
  }
});

test('evaluate --help', async () => {
  const r = await run(['evaluate', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.out, /Usage: downwatch evaluate FILE/);
  assert.match(r.out, /latency3/);
});
