/**
 * Cold start through the real app (HTTP intake, SQLite file, monitor, snapshot, API, page): a surge
 * on a new data directory is flagged within minutes instead of being learned as normal (ADR 17),
 * and the API and the service page say the detector is still learning.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestApp } from '../app/testing/test-app.ts';
import { floorTo, MINUTE } from '../shared/time.ts';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** Posts one report from its own address (its own identity and /24), at the app clock's now. */
async function post(app: TestApp, service: string, n: number): Promise<void> {
  const res = await app.server.inject({
    method: 'POST',
    url: '/api/v1/reports',
    remoteAddress: `198.${18 + ((n >> 16) & 1)}.${n & 255}.${(n >> 8) & 255}`,
    headers: { 'content-type': 'application/json', 'user-agent': `cold-start-${n}` },
    payload: { service, problem: 'login', country: 'US' },
  });
  assert.equal(res.statusCode, 201, res.body);
}

async function statusOf(app: TestApp, slug: string): Promise<{ status: string; learning: unknown }> {
  await app.ctx.snapshot.refresh();
  const res = await app.server.inject({ method: 'GET', url: `/api/v1/services/${slug}/status` });
  assert.equal(res.statusCode, 200);
  return JSON.parse(res.body);
}

/**
 * Runs `minutes` minutes from `start` with `perMinute(m)` reports a minute spread over each minute,
 * ticking the detector after each; returns the status after each minute.
 */
async function drive(
  app: TestApp,
  clock: { now: number },
  slug: string,
  start: number,
  minutes: number,
  perMinute: (m: number) => number,
  seq: { n: number },
): Promise<string[]> {
  const out: string[] = [];
  for (let m = 0; m < minutes; m++) {
    const t = start + m * MINUTE;
    const k = perMinute(m);
    for (let i = 0; i < k; i++) {
      clock.now = t + Math.floor((i * 59_000) / Math.max(1, k));
      await post(app, slug, seq.n++);
    }
    clock.now = t + MINUTE + 5_000;
    await app.ctx.monitor.tick(t);
    out.push(app.ctx.monitor.statusOf(slug));
  }
  return out;
}

test('a new data directory: 2 reports/s for five minutes on Slack does not leave it at "No problems"', async () => {
  const clock = { now: floorTo(Date.UTC(2026, 0, 6, 14, 0), MINUTE) };
  const app = await createTestApp({}, { manualTicks: true, clock: { now: () => clock.now } });
  try {
    const before = await statusOf(app, 'slack');
    assert.equal(before.status, 'operational');
    assert.deepEqual(before.learning, { hours: 0, of: 24 });
    const statuses = await drive(app, clock, 'slack', clock.now, 5, () => 120, { n: 1 });
    const first = statuses.findIndex((s) => s !== 'operational');
    assert.ok(first >= 0 && first <= 2, `flagged after minute ${first}: ${statuses.join(', ')}`);
    assert.notEqual(statuses.at(-1), 'operational', 'the surge was learned as normal before it ended');
    const after = await statusOf(app, 'slack');
    assert.notEqual(after.status, 'operational');
    const page = await app.server.inject({ method: 'GET', url: '/status/slack?lang=en' });
    assert.match(page.body, /Still learning the usual level here: 0 of 24 hours of history/);
  } finally {
    await app.cleanup();
  }
});

test('a new install with some traffic: a 20× surge is flagged within 3 minutes, and the quiet start is not', async () => {
  const clock = { now: floorTo(Date.UTC(2026, 0, 6, 9, 0), MINUTE) };
  const app = await createTestApp({}, { manualTicks: true, clock: { now: () => clock.now } });
  try {
    const seq = { n: 1 };
    // Twenty minutes at about one report a minute, then 20× that.
    const quiet = await drive(app, clock, 'discord', clock.now, 20, (m) => (m % 3 === 2 ? 2 : 1), seq);
    assert.deepEqual(
      quiet.filter((s) => s !== 'operational'),
      [],
      `the quiet start was flagged: ${quiet.join(', ')}`,
    );
    const surge = await drive(app, clock, 'discord', clock.now - 5_000, 6, () => 24, seq);
    const first = surge.findIndex((s) => s !== 'operational');
    assert.ok(first >= 0 && first <= 2, `flagged after surge minute ${first}: ${surge.join(', ')}`);
    const status = await statusOf(app, 'discord');
    assert.deepEqual(status.learning, { hours: 0, of: 24 });
  } finally {
    await app.cleanup();
  }
});
