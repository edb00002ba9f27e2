/**
 * Dedupe: one client (same address, same user agent) sending 10,000 reports for one service in
 * one 15-minute window counts once; the other 9,999 are repeats. A second service from the same
 * client counts once too. The whole app runs in-process on a temp SQLite directory with a fixed
 * clock, so every report falls in the same window whatever the time of day.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type App, createApp } from '../src/app/create-app.ts';
import { loadConfig } from '../src/config/config.ts';
import { floorTo, WINDOW } from '../src/shared/time.ts';
import { pool, tempDir } from './support/server-process.ts';

const N = 10_000;
/** Seven minutes into the current window: fixed, so the test never straddles two windows. */
const NOW = floorTo(Date.now(), WINDOW) + 7 * 60_000;
const CLIENT = {
  remoteAddress: '203.0.113.7',
  headers: { 'content-type': 'application/json', 'user-agent': 'one-client/1.0' },
};

let app: App;
let dir: Awaited<ReturnType<typeof tempDir>>;

before(async () => {
  dir = await tempDir('dedupe');
  const config = loadConfig(
    {},
    { dataDir: dir.path, rateLimitPerMinute: 10_000_000, logLevel: 'silent', shedEventLoopDelayMs: 0 },
  );
  app = await createApp(config, { geo: false, clock: { now: () => NOW } });
});
after(async () => {
  await app?.close();
  await dir?.remove();
});

/** Sends `n` reports for `service` from the one client; returns how many answered counted: true. */
async function flood(
  service: string,
  problems: readonly string[],
  n: number,
): Promise<{ counted: number; ids: Set<number> }> {
  let counted = 0;
  const ids = new Set<number>();
  await pool(n, 200, async (i) => {
    const res = await app.server.inject({
      method: 'POST',
      url: '/api/v1/reports',
      ...CLIENT,
      payload: JSON.stringify({ service, problem: problems[i % problems.length] }),
    });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json() as { id: number; counted: boolean; window: string };
    assert.equal(body.window, new Date(floorTo(NOW, WINDOW)).toISOString());
    ids.add(body.id);
    if (body.counted) counted++;
  });
  return { counted, ids };
}

async function signals(slug: string): Promise<{ reports: number; repeats: number }> {
  const res = await app.server.inject({
    method: 'GET',
    url: `/api/v1/services/${slug}/signals?resolution=15m&hours=1`,
  });
  assert.equal(res.statusCode, 200, res.body);
  const points = (res.json() as { points: { reports: number; repeats: number }[] }).points;
  return points.reduce((a, p) => ({ reports: a.reports + p.reports, repeats: a.repeats + p.repeats }), {
    reports: 0,
    repeats: 0,
  });
}

test(`${N.toLocaleString('en')} reports from one client for one service count once`, async () => {
  const { counted, ids } = await flood('facebook', ['login', 'feed', 'app'], N);
  console.log(`facebook: ${N} sent, ${ids.size} stored ids, counted ${counted}`);
  assert.equal(ids.size, N, 'every report is stored with its own id');
  assert.equal(counted, 1, 'exactly one answer says counted: true');
  assert.deepEqual(await signals('facebook'), { reports: 1, repeats: N - 1 });
  assert.equal(await app.ctx.store.countReports({ service: 'facebook', counted: true }), 1);
  assert.equal(await app.ctx.store.countReports({ service: 'facebook' }), N);
});

test('the same client counts once for a second service, and the first is unchanged', async () => {
  const { counted } = await flood('instagram', ['login'], 100);
  console.log(`instagram: 100 sent, counted ${counted}`);
  assert.equal(counted, 1);
  assert.deepEqual(await signals('instagram'), { reports: 1, repeats: 99 });
  assert.deepEqual(await signals('facebook'), { reports: 1, repeats: N - 1 });
});
