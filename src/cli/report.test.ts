import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { createTestApp } from '../app/testing/test-app.ts';
import { floorTo, MINUTE } from '../shared/time.ts';
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

test('downwatch report prints the incident page’s Markdown and JSON, from the store or a server', async () => {
  const app = await createTestApp();
  try {
    const at = floorTo(Date.now() - 20 * MINUTE, MINUTE);
    await app.ctx.store.appendReports(
      Array.from({ length: 12 }, (_, i) => ({
        service: 'facebook',
        problem: 'login',
        country: 'US',
        receivedAt: at + i * 1000,
        identity: `r${i}`,
        network: `n${i}`,
        source: 'web' as const,
      })),
    );
    const first = {
      service: 'facebook',
      status: 'major_outage' as const,
      startedAt: at,
      detectedAt: at + MINUTE,
      recoveredAt: null,
      peakAt: at,
      peakRate: 12,
    };
    const id = await app.ctx.incidents.openIncident(
      {
        groupKey: 'meta',
        title: 'Meta: Facebook',
        impact: 'major',
        startedAt: at,
        detectedAt: at + MINUTE,
        peakRate: 12,
      },
      first,
      { at: at + MINUTE, kind: 'opened', service: 'facebook', message: 'Facebook: major outage' },
    );
    assert.ok(id);
    await app.ctx.snapshot.refresh();

    const local = await run(['report', String(id), '--data-dir', app.dir]);
    assert.equal(local.code, 0, local.err);
    assert.match(local.out, /^# Incident #\d+: Problems with Facebook/);
    assert.match(local.out, /\| Reports during the incident \| 12 \|/);
    assert.match(local.out, /\| Login \| 12 \| 100% \|/);

    const json = await run(['report', String(id), '--format', 'json', '--data-dir', app.dir]);
    assert.equal(JSON.parse(json.out).report.totals.reports, 12);

    const url = await app.server.listen({ host: '127.0.0.1', port: 0 });
    const remote = await run(['report', String(id), '--server', url]);
    assert.equal(remote.code, 0, remote.err);
    assert.equal(remote.out, local.out, 'the server prints the same report');
    const vi = await run(['report', String(id), '--server', url, '--lang', 'vi']);
    assert.match(vi.out, /^# Sự cố #\d+: Sự cố Facebook/);

    const missing = await run(['report', '999', '--data-dir', app.dir]);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /There is no incident 999/);
    assert.equal((await run(['report', 'x'])).code, 2);
    assert.match((await run(['report', '--help'])).out, /Usage: downwatch report INCIDENT/);
  } finally {
    await app.cleanup();
  }
});
