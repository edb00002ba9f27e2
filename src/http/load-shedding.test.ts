import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestApp } from '../app/testing/test-app.ts';

test('a lagging event loop sheds load with 503 problem+json and Retry-After; liveness still answers', async () => {
  const app = await createTestApp({ shedEventLoopDelayMs: 50 });
  try {
    await app.server.ready();
    // Block the event loop well past the threshold, then let the sampler see it.
    const until = Date.now() + 400;
    while (Date.now() < until) {
      /* busy */
    }
    await sleep(20);
    const res = await app.server.inject({ method: 'GET', url: '/api/v1/status' });
    assert.equal(res.statusCode, 503);
    assert.match(String(res.headers['content-type']), /problem\+json/);
    assert.ok(Number(res.headers['retry-after']) >= 1);
    assert.equal(res.json().status, 503);
    const live = await app.server.inject({ method: 'GET', url: '/healthz' });
    assert.equal(live.statusCode, 200);
  } finally {
    await app.cleanup();
  }
});

test('reports are refused with 503 while too many wait for a commit', async () => {
  const app = await createTestApp({
    maxCommitBacklog: 100,
    groupCommitMs: 100,
    groupCommitMax: 10_000,
    rateLimitPerMinute: 1_000_000,
  });
  try {
    const sends = Array.from({ length: 300 }, (_, i) =>
      app.server.inject({
        method: 'POST',
        url: '/api/v1/reports',
        headers: { 'content-type': 'application/json', 'user-agent': `ua-${i}` },
        payload: { service: 'facebook', problem: 'login' },
      }),
    );
    const codes = (await Promise.all(sends)).map((r) => r.statusCode);
    assert.ok(codes.includes(201), 'some are accepted');
    assert.ok(codes.includes(503), 'the rest are refused, not queued without bound');
    assert.ok(codes.every((c) => c === 201 || c === 503));
    const stored = await app.ctx.store.countReports({ service: 'facebook' });
    assert.equal(stored, codes.filter((c) => c === 201).length, 'every 201 is stored, no 503 is');
  } finally {
    await app.cleanup();
  }
});
