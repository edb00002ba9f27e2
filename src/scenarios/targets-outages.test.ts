/**
 * The detection targets on the documented outages (docs/architecture.md, "The numbers that define working"):
 * every outage flagged within 2 minutes of its ground-truth start and resolved within 10 minutes of
 * its end, without flapping and without false incidents on the other services, at 1× and 0.1×.
 * Seed 1; bench/detect/run.ts reports other seeds and 0.01×.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { evaluate } from './evaluate.ts';
import { loadScenario } from './load.ts';
import { replay } from './replay.ts';

const dir = join(import.meta.dirname, '../../scenarios');

for (const file of ['2021-10-04-meta.yaml', '2023-05-21-instagram.yaml', '2024-03-05-meta.yaml']) {
  const scenario = loadScenario(join(dir, file));
  for (const scale of [1, 0.1]) {
    test(`${file} at ${scale}×: flagged within 2 min, resolved within 10 min of the end, no false incident`, () => {
      const e = evaluate(scenario, replay(scenario, { seed: 1, scale }));
      assert.ok(e.outages.length > 0);
      for (const o of e.outages) {
        assert.ok(o.latency !== null, `${o.id} was missed`);
        assert.ok(o.latency >= 0 && o.latency <= 2, `${o.id} flagged ${o.latency} min after its start`);
        assert.ok(o.recoveryLag !== null, `${o.id} never resolved`);
        assert.ok(Math.abs(o.recoveryLag) <= 10, `${o.id} resolved ${o.recoveryLag} min after its end`);
        assert.equal(o.fragments, 1, `${o.id} flapped (${o.fragments} runs)`);
      }
      const falses = e.falseRuns.map((r) => `${r.service} at ${new Date(r.start).toISOString()}`);
      assert.deepEqual(falses, []);
    });
  }
}
