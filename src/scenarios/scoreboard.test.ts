import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OutageScore, ScoreRow } from './score.ts';
import { onTime, recoveredInTime, renderScoreboard, scoreboard } from './scoreboard.ts';

const outage = (o: Partial<OutageScore>): OutageScore => ({
  id: 'i/s',
  service: 's',
  latency: 1,
  latency3: 1,
  reaches3: true,
  recoveryLag: 0,
  ...o,
});

test('on time: ≤ 2 min after reaching 3×, or ≤ 30 min after the start when it never does', () => {
  assert.equal(onTime(outage({ latency: 40, latency3: 2 })), true);
  assert.equal(onTime(outage({ latency: 3, latency3: 3 })), false);
  assert.equal(onTime(outage({ latency: -5, latency3: -20 })), true, 'flagged before it reached 3×');
  assert.equal(onTime(outage({ reaches3: false, latency: 30, latency3: null })), true);
  assert.equal(onTime(outage({ reaches3: false, latency: 31, latency3: null })), false);
  assert.equal(onTime(outage({ latency: null, latency3: null })), false);
});

test('recovered in time: within 10 min either side of the end', () => {
  assert.equal(recoveredInTime(outage({ recoveryLag: 10 })), true);
  assert.equal(recoveredInTime(outage({ recoveryLag: -11 })), false, 'closing early is wrong too');
  assert.equal(recoveredInTime(outage({ recoveryLag: null })), false);
});

test('the scoreboard counts false runs on files without outages apart, and possible problems per 50 service-weeks', () => {
  const run = (worst: 'degraded_performance' | 'partial_outage' | 'major_outage') => ({
    service: 's',
    start: '2024-01-01T00:00:00.000Z',
    end: null,
    worst,
  });
  const rows: ScoreRow[] = [
    {
      file: 'outage.yaml',
      seed: 1,
      scale: 1,
      serviceDays: 35,
      outages: [outage({}), outage({ latency: null, latency3: null, recoveryLag: null })],
      falseRuns: [run('major_outage'), run('degraded_performance')],
    },
    {
      file: 'trap.yaml',
      seed: 1,
      scale: 1,
      serviceDays: 315,
      outages: [],
      falseRuns: [run('partial_outage'), run('degraded_performance'), run('degraded_performance')],
    },
  ];
  const b = scoreboard(rows);
  assert.equal(b.outages, 2);
  assert.equal(b.onTime, 1);
  assert.equal(b.flagged, 1);
  assert.equal(b.recovered, 1);
  assert.equal(b.seriousOnQuiet, 1);
  assert.equal(b.seriousOnOutageFiles, 1);
  assert.equal(b.quietServiceDays, 315);
  assert.equal(b.possible, 3);
  // 350 service-days = 50 service-weeks.
  assert.equal(b.possiblePer50Weeks, 3);
  const text = renderScoreboard(b);
  assert.match(text, /50\.0% \(1\/2\) \| \*\*FAILS\*\*/);
  assert.match(text, /1 in 315 service-days \| \*\*FAILS\*\*/);
});
