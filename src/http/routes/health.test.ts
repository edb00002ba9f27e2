import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { createTestApp } from '../../app/testing/test-app.ts';

test('/readyz says not ready while the store refuses writes, and ready again once it takes them', async () => {
  const app = await createTestApp({ rateLimitPerMinute: 1000 });
  try {
    const ready = () => app.server.inject({ method: 'GET', url: '/readyz' });
    const report = (ua: string) =>
      app.server.inject({
        method: 'POST',
        url: '/api/v1/reports',
        headers: { 'content-type': 'application/json', 'user-agent': ua },
        payload: JSON.stringify({ service: 'instagram', problem: 'login' }),
      });
    assert.equal((await ready()).statusCode, 200);
    // A real refusal by SQLite itself, from another connection to the same file: reads still work.
    const db = new DatabaseSync(join(app.dir, 'downwatch.sqlite'));
    db.exec(
      "CREATE TRIGGER refuse_reports BEFORE INSERT ON reports BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END",
    );
    assert.equal((await report('a')).statusCode, 503);
    const down = await ready();
    assert.equal(down.statusCode, 503);
    assert.match(String(down.headers['content-type']), /application\/problem\+json/);
    assert.match(down.json().detail, /refuses writes/);
    db.exec('DROP TRIGGER refuse_reports');
    db.close();
    assert.equal((await report('b')).statusCode, 201);
    assert.equal((await ready()).statusCode, 200);
  } finally {
    await app.cleanup();
  }
});
