/**
 * The documented outages replayed with their probe data through the real app: the probe results go
 * through the same ingestion as agents', the monitor's probe hook writes the evidence onto the
 * incident, and the report classifies it. 2021-10-04 was a network (DNS) failure; on 2024-03-05 the
 * sites were reachable and logins failed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createTestApp } from '../src/app/testing/test-app.ts';
import { incidentReport } from '../src/incidents/incident-report.ts';
import { replayIntoApp } from '../src/replay/replay-scenario.ts';
import { VirtualClock } from '../src/replay/virtual-clock.ts';
import { generatedSpan } from '../src/scenarios/generate.ts';
import { loadScenario } from '../src/scenarios/load.ts';

const scenarioFile = (name: string) => fileURLToPath(new URL(`../scenarios/${name}.yaml`, import.meta.url));

async function replay(name: string, from: string) {
  const scenario = loadScenario(scenarioFile(name));
  // Evaluate from a few hours before the outage (the warm-up before it still trains the detectors).
  scenario.start = Date.parse(from);
  const clock = new VirtualClock(generatedSpan(scenario, { warmup: false })[0]);
  const app = await createTestApp({}, { clock, manualTicks: true });
  try {
    await replayIntoApp(app, clock, scenario, { seed: 1, scale: 0.1 });
    const incidents = await app.ctx.incidents.listIncidents({ limit: 20 });
    const meta = incidents.filter((i) => i.groupKey === 'meta');
    assert.equal(meta.length, 1, incidents.map((i) => i.title).join(' | '));
    return await incidentReport(app.ctx.store, app.ctx.incidents, meta[0]!.id, clock.now());
  } finally {
    await app.cleanup();
  }
}

test('2021-10-04 with probe data: network/dns — authoritative DNS times out from 15:40, resolvers SERVFAIL from 15:50', async () => {
  const report = await replay('2021-10-04-meta', '2021-10-04T12:00:00Z');
  console.log(`2021-10-04: ${report.classification.kind} — ${report.classification.summary}`);
  assert.equal(report.classification.kind, 'network/dns');
  assert.match(
    report.classification.summary,
    /^DNS failing from 4 of 5 vantage points since 15:40 \(SERVFAIL\): Facebook, Instagram, Messenger, WhatsApp$/,
  );
  const probeRows = report.timeline.filter((e) => e.kind === 'probe');
  const rows = probeRows.map((e) => `${e.at} ${e.message}`).join('\n');
  assert.ok(
    probeRows.some((e) => e.at === '2021-10-04T15:40:00.000Z' && /TIMEOUT/.test(e.message)),
    rows,
  );
  assert.ok(
    probeRows.some((e) => e.at === '2021-10-04T15:50:00.000Z' && /SERVFAIL/.test(e.message)),
    rows,
  );
  assert.ok(report.hints.some((h) => h.startsWith('DNS failing from 4 of 5')));
});

test('2024-03-05 with probe data: reachable, login problems dominate', async () => {
  const report = await replay('2024-03-05-meta', '2024-03-05T12:00:00Z');
  console.log(`2024-03-05: ${report.classification.kind} — ${report.classification.summary}`);
  assert.equal(report.classification.kind, 'reachable');
  assert.match(
    report.classification.summary,
    /^Sites reachable from 5 of 5 vantage points: Facebook, Instagram, Messenger, Threads; login problems dominate reports \(login \d\d%\)$/,
  );
});
