import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadScenario, parseScenario, ScenarioError } from './load.ts';

const dir = join(import.meta.dirname, '../../scenarios');

test('every scenario file in scenarios/ is valid', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  assert.ok(files.length >= 4);
  for (const f of files) {
    const s = loadScenario(join(dir, f));
    assert.ok(s.services.length > 0, f);
  }
  assert.equal(loadScenario(join(dir, 'normal-week-50-services.yaml')).services.length, 50);
});

const minimal = (extra: string) => `
name: test
start: 2024-01-01T00:00:00Z
end: 2024-01-02T00:00:00Z
services:
  - { id: a, per15: 10 }
${extra}`;

const issuesOf = (text: string): string[] => {
  try {
    parseScenario(text, 'bad.yaml');
  } catch (error) {
    assert.ok(error instanceof ScenarioError);
    assert.match(error.message, /^The scenario bad\.yaml is invalid:/);
    return error.issues;
  }
  assert.fail('expected a ScenarioError');
};

test('a minimal scenario gets defaults', () => {
  const s = parseScenario(minimal(''));
  assert.equal(s.warmupDays, 14);
  assert.equal(s.services[0]!.timezone, 'UTC');
  assert.equal(s.noise.overdispersion, 0.05);
  assert.equal(s.start, Date.UTC(2024, 0, 1));
});

test('errors name the field and say what is wrong', () => {
  const issues = issuesOf(
    minimal(`
incidents:
  - id: x
    title: X
    outages:
      - { service: nope, start: 2024-01-01T10:00:00Z, end: 2024-01-01T09:00:00Z, peak: 10, curve: [[5, 1], [3, 0.5]] }
noise:
  events:
    - { kind: viral-burst, service: a, at: 'yesterday', minutes: 2, extra: 1 }
`),
  );
  assert.ok(
    issues.some((i) => i.startsWith('noise.events.0.at: must be an ISO 8601 instant')),
    issues.join('\n'),
  );
  const cross = issuesOf(
    minimal(`
incidents:
  - id: x
    title: X
    outages:
      - { service: nope, start: 2024-01-01T10:00:00Z, end: 2024-01-01T09:00:00Z, peak: 10, curve: [[5, 1], [3, 0.5]] }
`),
  );
  assert.ok(cross.includes('incidents.0.outages.0.service: unknown service "nope"'), cross.join('\n'));
  assert.ok(cross.includes('incidents.0.outages.0.end: must be after start'));
  assert.ok(cross.includes('incidents.0.outages.0.curve.0: the first keyframe must be at minute 0'));
  assert.ok(cross.includes('incidents.0.outages.0.curve.1: minutes must increase'));
});

test('unknown fields, bad zones and bad YAML are reported', () => {
  assert.ok(issuesOf(minimal('colour: blue')).some((i) => i.includes('unknown field(s) colour')));
  const tz = issuesOf(minimal('').replace('per15: 10', 'per15: 10, timezone: Mars/Olympus'));
  assert.ok(
    tz.some((i) => i.startsWith('services.0.timezone: must be an IANA time zone')),
    tz.join('\n'),
  );
  assert.equal(issuesOf('name: [unclosed').length > 0, true);
  assert.throws(() => loadScenario(join(dir, 'missing.yaml')), /cannot be read \(ENOENT\)/);
});

test('holidays, launches and distributed floods name known services', () => {
  const issues = issuesOf(
    minimal(`
noise:
  holidays: [{ date: 2024-02-30, fromHour: 0, hours: 2, multiplier: 2, services: [nope] }]
  launches: [{ services: [a, gone], at: 2024-01-01T10:00:00Z, minutes: 60, multiplier: 2 }]
  events:
    - { kind: distributed-flood, service: ghost, at: 2024-01-01T10:00:00Z, minutes: 5, identities: 50, networks: 20 }
`),
  );
  assert.ok(issues.includes('noise.holidays.0.services: unknown service "nope"'), issues.join('\n'));
  assert.ok(issues.includes('noise.launches.0.services: unknown service "gone"'), issues.join('\n'));
  assert.ok(issues.includes('noise.events.0.service: unknown service "ghost"'), issues.join('\n'));
});
