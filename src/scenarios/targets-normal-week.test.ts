/**
 * The false-alarm target: 7 simulated days × 50 services with viral bursts, one identity flooding,
 * 500 identities from one /24 and sympathy spikes on ISPs raise no incident, at 1× and 0.1×.
 * Also shows that the robustness inputs are what keeps the floods out.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { evaluate } from './evaluate.ts';
import { loadScenario, parseScenario } from './load.ts';
import { replay } from './replay.ts';

const week = loadScenario(join(import.meta.dirname, '../../scenarios/normal-week-50-services.yaml'));

for (const scale of [1, 0.1]) {
  test(`normal week, 50 services at ${scale}×: zero incidents`, () => {
    const e = evaluate(week, replay(week, { seed: 1, scale }));
    assert.equal(e.serviceDays, 350);
    assert.deepEqual(
      e.falseRuns.map((r) => `${r.service} at ${new Date(r.start).toISOString()} (${r.worst})`),
      [],
    );
  });
}

const floods = parseScenario(`
name: floods
start: 2024-04-08T00:00:00Z
end: 2024-04-09T00:00:00Z
warmupDays: 7
services:
  - { id: quiet, per15: 0.5 }
  - { id: medium, per15: 20, timezone: Europe/Berlin }
  - { id: busy, per15: 300, timezone: America/New_York }
noise:
  events:
    - { kind: identity-flood, service: quiet, at: 2024-04-08T08:00:00Z, minutes: 240, perMinute: 60 }
    - { kind: subnet-flood, service: quiet, at: 2024-04-08T13:00:00Z, minutes: 10, identities: 500 }
    - { kind: subnet-flood, service: medium, at: 2024-04-08T14:00:00Z, minutes: 30, identities: 500 }
    - { kind: subnet-flood, service: busy, at: 2024-04-08T20:00:00Z, minutes: 5, identities: 500 }
`);

test('one identity or 500 identities from one /24 flooding open no incident', () => {
  for (const scale of [1, 0.1]) {
    const e = evaluate(floods, replay(floods, { seed: 3, scale }));
    assert.deepEqual(e.falseRuns, [], `at ${scale}×`);
  }
});

test('without the network share the /24 floods would open incidents (the test above is not vacuous)', () => {
  const e = evaluate(floods, replay(floods, { seed: 3, scale: 1, robustness: false }));
  const flooded = new Set(e.falseRuns.map((r) => r.service));
  assert.ok(flooded.has('quiet') && flooded.has('medium'), [...flooded].join(', '));
});
