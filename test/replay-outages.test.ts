/**
 * The documented outages replayed end to end through the real app (store, intake counters,
 * detector fleet, incidents) in scenario time at 0.1× scale. The 1× scale runs through the pure
 * replay in src/scenarios/targets-outages.test.ts (same Fleet), since writing ten million reports
 * into SQLite belongs in a benchmark, not a test.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createTestApp } from '../src/app/testing/test-app.ts';
import { replayIntoApp } from '../src/replay/replay-scenario.ts';
import { VirtualClock } from '../src/replay/virtual-clock.ts';
import { generatedSpan } from '../src/scenarios/generate.ts';
import { loadScenario } from '../src/scenarios/load.ts';
import { groundTruth } from '../src/scenarios/tracks.ts';
import { MINUTE } from '../src/shared/time.ts';

const scenarioFile = (name: string) => fileURLToPath(new URL(`../scenarios/${name}.yaml`, import.meta.url));
const hhmm = (t: number) => new Date(t).toISOString().slice(11, 16);

for (const [name, grouped] of [
  ['2024-03-05-meta', ['facebook', 'instagram', 'messenger', 'threads']],
  ['2023-05-21-instagram', ['instagram']],
  ['2021-10-04-meta', ['facebook', 'instagram', 'messenger', 'whatsapp']],
] as const) {
  test(`replay ${name} at 0.1×: flagged within 2 min, resolved within 10 min, one incident`, async () => {
    const scenario = loadScenario(scenarioFile(name));
    const clock = new VirtualClock(generatedSpan(scenario, { warmup: false })[0]);
    const app = await createTestApp({}, { clock, manualTicks: true });
    try {
      const flagged = new Map<string, number>();
      const cleared = new Map<string, number>();
      await replayIntoApp(app, clock, scenario, {
        seed: 1,
        scale: 0.1,
        onEvent: (e) => {
          if (e.kind !== 'status') return;
          if (e.from === 'operational' && !flagged.has(e.service)) flagged.set(e.service, e.t);
          if (e.to === 'operational') cleared.set(e.service, e.t);
        },
      });
      const rows: string[] = [];
      for (const g of groundTruth(scenario)) {
        const f = flagged.get(g.service);
        const c = cleared.get(g.service);
        rows.push(
          `${g.service}: truth ${hhmm(g.start)}–${hhmm(g.end)}, flagged ${f ? hhmm(f) : '-'}, cleared ${c ? hhmm(c) : '-'}`,
        );
        assert.ok(
          f !== undefined && f - g.start <= 2 * MINUTE && f >= g.start - 2 * MINUTE,
          `${g.service} flagged at ${f && hhmm(f)}, start ${hhmm(g.start)}`,
        );
        assert.ok(
          c !== undefined && Math.abs(c - g.end) <= 10 * MINUTE,
          `${g.service} cleared at ${c && hhmm(c)}, end ${hhmm(g.end)}`,
        );
      }
      console.log(`${name}\n  ${rows.join('\n  ')}`);
      const incidents = await app.ctx.incidents.listIncidents({ limit: 20 });
      assert.equal(incidents.length, 1, incidents.map((i) => i.title).join(' | '));
      assert.deepEqual(incidents[0]!.services.map((s) => s.service).sort(), [...grouped].sort());
      assert.ok(incidents[0]!.resolvedAt !== null);
      const report = await app.ctx.incidents.getIncident(incidents[0]!.id);
      if (scenario.incidents.some((i) => (i.statements ?? []).length > 0))
        assert.ok(
          report!.events.some((e) => e.kind === 'official'),
          'official statements on the timeline',
        );
    } finally {
      await app.cleanup();
    }
  });
}
