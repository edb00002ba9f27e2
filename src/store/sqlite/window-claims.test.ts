import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { WINDOW } from '../../shared/time.ts';
import type { NewReport } from '../store.ts';
import { openSqlite } from './open-sqlite.ts';
import { FingerprintSet, fingerprint } from './window-claims.ts';

test('fingerprint set: each member once, through many growths', () => {
  const set = new FingerprintSet();
  const n = 200_000;
  let added = 0;
  for (let i = 0; i < n; i++) {
    const [hi, lo] = fingerprint(`svc\nperson-${i}`);
    if (set.add(hi, lo)) added += 1;
  }
  assert.equal(added, n, 'no two of 200,000 distinct keys share a fingerprint');
  let again = 0;
  for (let i = 0; i < n; i++) {
    const [hi, lo] = fingerprint(`svc\nperson-${i}`);
    if (set.add(hi, lo)) again += 1;
  }
  assert.equal(again, 0);
  assert.equal(set.size, n);
  assert.equal(set.add(0, 0), true, 'the all-zero fingerprint is a member like any other');
  assert.equal(set.add(0, 0), false);
  assert.notDeepEqual(fingerprint('svc\na'), fingerprint('svc\nb'));
});

test('SQLite claims are rebuilt from the file: a reopened store still knows who counted', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dw-claims-'));
  const file = join(dir, 'claims.sqlite');
  const t = Date.UTC(2024, 2, 5, 15, 3);
  const r = (identity: string, receivedAt = t): NewReport => ({
    service: 'facebook',
    problem: 'login',
    country: 'US',
    receivedAt,
    identity,
    network: 'n',
    source: 'web',
  });
  try {
    const first = openSqlite(file).store;
    await first.migrate();
    assert.deepEqual(
      (await first.appendReports([r('a'), r('b'), r('a')])).map((x) => x.counted),
      [true, true, false],
    );
    await first.close();
    const second = openSqlite(file).store;
    await second.migrate();
    assert.deepEqual(
      (await second.appendReports([r('a', t + 60_000), r('c'), r('b', t + WINDOW)])).map((x) => x.counted),
      [false, true, true],
    );
    assert.equal(await second.countReports({ service: 'facebook', counted: true }), 4);
    await second.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
