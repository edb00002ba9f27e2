import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Check } from './check.ts';
import type { ProbeResult } from './result.ts';
import { Scheduler } from './scheduler.ts';

const checks = (n: number, interval = 60): Check[] =>
  Array.from({ length: n }, (_, i) =>
    Check.parse({ id: `c${i}`, service: 's', kind: 'tcp', host: '192.0.2.1', port: 1, interval }),
  );
const result = (c: Check): ProbeResult => ({
  id: `r-${c.id}-${Math.random()}`,
  check: c.id,
  service: 's',
  kind: c.kind,
  at: Date.now(),
  ok: true,
  layer: null,
  code: null,
  message: null,
  attempts: 1,
  timings: { total: 0 },
  facts: {},
});
const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

test('each check runs once per interval, spread over the interval', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
  const perSecond = new Map<number, number>();
  const perCheck = new Map<string, number>();
  const s = new Scheduler({
    run: async (c) => result(c),
    onResult: (r) => {
      const sec = Math.floor(Date.now() / 1000);
      perSecond.set(sec, (perSecond.get(sec) ?? 0) + 1);
      perCheck.set(r.check, (perCheck.get(r.check) ?? 0) + 1);
    },
    now: () => Date.now(),
    jitter: 0,
  });
  s.setChecks(checks(600));
  s.start();
  for (let i = 0; i < 120; i++) {
    t.mock.timers.tick(1000);
    await flush();
  }
  await s.stop();
  assert.equal(s.stats.completed, 1200, 'two rounds of 600');
  assert.ok([...perCheck.values()].every((n) => n === 2));
  assert.ok(
    Math.max(...perSecond.values()) <= 30,
    `at most 30 in one second (even spread ≈ 10): ${Math.max(...perSecond.values())}`,
  );
  assert.equal(s.stats.skipped, 0);
});

test('bounded concurrency; a check still running when due again is skipped, never run twice at once', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const release: (() => void)[] = [];
  const inFlight = new Set<string>();
  let max = 0;
  const s = new Scheduler({
    run: (c) =>
      new Promise<ProbeResult>((resolve) => {
        assert.ok(!inFlight.has(c.id), `${c.id} runs twice at once`);
        inFlight.add(c.id);
        max = Math.max(max, inFlight.size);
        release.push(() => {
          inFlight.delete(c.id);
          resolve(result(c));
        });
      }),
    onResult: () => {},
    concurrency: 3,
    now: () => Date.now(),
  });
  s.setChecks(checks(10, 5));
  s.start();
  for (let i = 0; i < 12; i++) {
    t.mock.timers.tick(1000);
    await flush();
  }
  assert.equal(max, 3);
  assert.equal(s.running, 3);
  assert.ok(s.stats.skipped > 0, 'rounds of hung checks are skipped');
  for (const r of release.splice(0)) r();
  await flush();
  const stopping = s.stop();
  for (const r of release.splice(0)) r();
  await stopping;
  assert.equal(s.running, 0);
});

test('replacing the checks keeps the schedule of the unchanged ones and drops the removed', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const seen = new Set<string>();
  const s = new Scheduler({
    run: async (c) => result(c),
    onResult: (r) => seen.add(r.check),
    now: () => Date.now(),
  });
  s.setChecks(checks(4, 10));
  s.setChecks(checks(2, 10));
  s.start();
  for (let i = 0; i < 25; i++) {
    t.mock.timers.tick(1000);
    await flush();
  }
  await s.stop();
  assert.deepEqual([...seen].sort(), ['c0', 'c1']);
  assert.equal(s.size, 2);
});
