import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { openSqlite } from '../store/sqlite/open-sqlite.ts';
import { main } from './main.ts';

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let out = '';
  let err = '';
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await main(argv, { stdin: new PassThrough(), stdout, stderr }, env);
  return { code, out, err };
}

test('--help on every command', async () => {
  for (const cmd of [[], ['serve'], ['catalog'], ['import']]) {
    const r = await run([...cmd, '--help']);
    assert.equal(r.code, 0, cmd.join(' '));
    assert.match(r.out, /Usage: downwatch/);
  }
});

test('unknown command and unknown flag are plain sentences with exit 2', async () => {
  const a = await run(['launch']);
  assert.equal(a.code, 2);
  assert.match(a.err, /Unknown command "launch"/);
  const b = await run(['serve', '--prot', '1']);
  assert.equal(b.code, 2);
  assert.match(b.err, /Unknown option '--prot'/);
});

test('catalog check: OK on the built-in catalog; names file, entry and field of a bad one', async () => {
  const ok = await run(['catalog', 'check']);
  assert.equal(ok.code, 0);
  assert.match(ok.out, /Catalog OK: \d+ services/);
  const dir = mkdtempSync(join(tmpdir(), 'dw-cat-'));
  try {
    writeFileSync(
      join(dir, 'mine.yaml'),
      'services:\n  - slug: intranet\n    name: Intranet\n    provider: meta\n    kind: other\n    website: https://intranet.example\n    categories: [login, coffee]\n    keywords: { en: [intranet] }\n',
    );
    const bad = await run(['catalog', 'check', dir]);
    assert.equal(bad.code, 1);
    assert.match(
      bad.err,
      /mine\.yaml: services\[0\] \(intranet\), field "categories\.1": unknown category "coffee"/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('import: keeps good lines, lists bad ones by number, exit 1 when any is bad', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dw-imp-'));
  try {
    const file = join(dir, 'seed.ndjson');
    const at = Date.UTC(2024, 2, 5, 15, 30);
    writeFileSync(
      file,
      [
        JSON.stringify({ service: 'facebook', problem: 'login', at, country: 'US', reporter: 'a' }),
        JSON.stringify({ service: 'facebook', problem: 'login', at: at + 1000, reporter: 'a' }),
        'not json',
        JSON.stringify({ service: 'facebook', problem: 'login', at: '2999-01-01T00:00:00Z' }),
        '',
        JSON.stringify({ service: 'facebook', problem: 'login', at: at + 2000, reporter: 'b' }),
      ].join('\n'),
    );
    const r = await run(['import', file, '--data-dir', dir]);
    assert.equal(r.code, 1);
    assert.match(r.out, /Imported 3 reports \(2 counted\); 2 bad lines skipped/);
    assert.match(r.err, /line 3: not valid JSON/);
    assert.match(r.err, /line 4: at: is in the future/);
    const store = openSqlite(join(dir, 'downwatch.sqlite')).store;
    assert.equal(await store.countReports({ service: 'facebook', counted: true }), 2);
    await store.close();
    const missing = await run(['import', join(dir, 'nope.ndjson'), '--data-dir', dir]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /Cannot read .*nope\.ndjson/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a bad setting stops the start with the variable named', async () => {
  const r = await run(['serve'], { DOWNWATCH_PORT: 'x' });
  // Exit status 2 like every other usage mistake (issue 20; it was 1 before).
  assert.equal(r.code, 2);
  assert.match(r.err, /DOWNWATCH_PORT/);
});

test('import: running the same file twice counts its lines once, also lines without a reporter', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dw-imp2-'));
  try {
    const file = join(dir, 'seed.ndjson');
    const at = Date.UTC(2024, 2, 5, 15, 30);
    const line = { service: 'facebook', problem: 'login', at, country: 'US' };
    // Two identical lines are two people (nothing says otherwise); the third differs by its time.
    writeFileSync(file, [line, line, { ...line, at: at + 1000 }].map((l) => JSON.stringify(l)).join('\n'));
    const first = await run(['import', file, '--data-dir', dir]);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /Imported 3 reports \(3 counted\)/);
    const again = await run(['import', file, '--data-dir', dir]);
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /\(0 counted\)/);
    const store = openSqlite(join(dir, 'downwatch.sqlite')).store;
    assert.equal(await store.countReports({ service: 'facebook', counted: true }), 3);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
