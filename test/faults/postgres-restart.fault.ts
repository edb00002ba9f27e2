/**
 * PostgreSQL restarted under load: nodes answer 503 meanwhile (never acknowledge and drop) and
 * recover without a restart. Restarts the machine's PostgreSQL, so it runs alone (npm run
 * test:faults), after the other tests. Needs root and pg_ctlcluster; required on CI.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { test } from 'node:test';
import { postgresForTests } from '../../src/store/testing/postgres-for-tests.ts';
import { idsInDatabase, postReport, startCluster, sustainLoad, waitFor } from '../support/cluster.ts';
import { request } from '../support/server-process.ts';

function restartCommand(): string[] | string {
  const versions = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql') : [];
  if (process.getuid?.() !== 0 || versions.length === 0)
    return 'needs root and a Debian PostgreSQL cluster (pg_ctlcluster)';
  return ['pg_ctlcluster', '--skip-systemctl-redirect', versions[0]!, 'main'];
}

test('PostgreSQL restart under load: 503 meanwhile, nothing acknowledged lost, recovery without restart', async (t) => {
  const cmd = restartCommand();
  if (typeof cmd === 'string') {
    if (process.env.CI === 'true') throw new Error(`CI requires this fault test: ${cmd}`);
    return t.skip(cmd);
  }
  const db = await postgresForTests();
  if ('skip' in db) return t.skip(db.skip);
  const cluster = await startCluster(2, db.url);
  try {
    const { nodes } = cluster;
    const load = sustainLoad(() => nodes, 8);
    await new Promise((r) => setTimeout(r, 1_500));
    const [bin, ...args] = cmd as [string, ...string[]];
    execFileSync(bin, [...args, 'stop', '-m', 'fast'], { stdio: 'inherit' });
    await new Promise((r) => setTimeout(r, 3_000));
    const during = await request(nodes[0]!.url, '/readyz', { timeoutMs: 5_000 }).catch(() => ({ status: 0 }));
    const duringReport = await postReport(nodes[1]!.url);
    execFileSync(bin, [...args, 'start'], { stdio: 'inherit' });
    const recovered = await waitFor(
      async () =>
        (await postReport(nodes[0]!.url)).status === 201 && (await postReport(nodes[1]!.url)).status === 201,
      30_000,
      500,
    );
    await new Promise((r) => setTimeout(r, 1_000));
    await load.stop();
    console.log(
      `while down: readyz ${during.status}, report ${duringReport.status}; recovered after ${recovered} ms; statuses ${JSON.stringify([...load.statuses])}`,
    );
    assert.equal(during.status, 503, 'not ready while the database is down');
    assert.equal(
      duringReport.status,
      503,
      'reports are refused, not acknowledged, while the database is down',
    );
    assert.ok(recovered >= 0, 'both nodes accept reports again without a restart');
    assert.ok(
      nodes.every((n) => n.alive()),
      'no node crashed',
    );
    const codes = [...load.statuses.keys()];
    assert.ok(
      codes.every((c) => c === 201 || c === 503),
      `only 201 or 503: ${codes}`,
    );
    const found = await idsInDatabase(db.url, load.acked);
    console.log(`acknowledged ${load.acked.length}, found ${found.size}`);
    assert.equal(found.size, load.acked.length, 'every acknowledged report survived the restart');
  } finally {
    await cluster.stop();
    await db.drop();
  }
});
