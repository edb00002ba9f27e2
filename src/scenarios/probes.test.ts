import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseScenario } from './load.ts';
import { probeResultsAt } from './probes.ts';

const scenario = parseScenario(`
name: probes
start: 2021-10-04T15:00:00Z
end: 2021-10-04T18:00:00Z
warmupDays: 0
services: [{ id: facebook, per15: 10 }, { id: threads, per15: 10 }]
probes:
  vantages: [a, b, c]
  services:
    - service: facebook
      failures:
        - { from: 2021-10-04T15:50:00Z, to: 2021-10-04T16:00:00Z, kind: dns, failing: 2 }
        - { from: 2021-10-04T16:00:00Z, to: 2021-10-04T16:10:00Z, kind: http, failing: [c], code: HTTP_502 }
    - service: threads
  unreachable: [{ vantage: b, from: 2021-10-04T17:00:00Z, to: 2021-10-04T17:05:00Z }]
`);
const at = (hhmm: string) => probeResultsAt(scenario, Date.parse(`2021-10-04T${hhmm}:00Z`));
const failed = (m: ReturnType<typeof at>) =>
  [...m].flatMap(([v, rs]) => rs.filter((r) => !r.ok).map((r) => `${v} ${r.check} ${r.layer}:${r.code}`));

test('per minute: a DNS and a website result per service and vantage point, and a control result', () => {
  const calm = at('15:10');
  assert.deepEqual([...calm.keys()], ['a', 'b', 'c']);
  assert.deepEqual(
    calm.get('a')!.map((r) => r.check),
    ['control:http', 'facebook:dns', 'facebook:http', 'threads:dns', 'threads:http'],
  );
  assert.deepEqual(failed(calm), []);
  assert.ok(
    calm
      .get('a')!
      .every((r) => r.at >= Date.parse('2021-10-04T15:10:00Z') && r.at < Date.parse('2021-10-04T15:11:00Z')),
  );
  assert.deepEqual(
    probeResultsAt(scenario, Date.parse('2021-10-04T18:00:00Z')).size,
    0,
    'outside the span: nothing',
  );
});

test('failures by layer from the first N or the named vantage points; unreachable vantage points fail everything', () => {
  assert.deepEqual(failed(at('15:55')), [
    'a facebook:dns dns:SERVFAIL',
    'a facebook:http dns:SERVFAIL',
    'b facebook:dns dns:SERVFAIL',
    'b facebook:http dns:SERVFAIL',
  ]);
  assert.deepEqual(failed(at('16:05')), ['c facebook:http http:HTTP_502']);
  assert.equal(failed(at('17:01')).filter((f) => f.startsWith('b ')).length, 5);
  assert.ok(failed(at('17:01')).includes('b control:http connect:ENETUNREACH'));
  const ids = [...at('15:55').values()].flat().map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length, 'ids are unique');
  assert.deepEqual(
    ids,
    [...at('15:55').values()].flat().map((r) => r.id),
    'deterministic',
  );
});

test('the probes section is checked against the scenario', () => {
  assert.throws(
    () =>
      parseScenario(`
name: bad
start: 2021-10-04T15:00:00Z
end: 2021-10-04T18:00:00Z
services: [{ id: facebook, per15: 10 }]
probes:
  vantages: [a]
  services:
    - service: nope
      failures: [{ from: 2021-10-04T15:50:00Z, to: 2021-10-04T15:40:00Z, kind: dns, failing: 3 }]
  unreachable: [{ vantage: z, from: 2021-10-04T17:00:00Z, to: 2021-10-04T17:05:00Z }]
`),
    (e: Error) =>
      /probes\.services\.0\.service: unknown service "nope"/.test(e.message) &&
      /failures\.0\.to: must be after from/.test(e.message) &&
      /failures\.0\.failing: only 1 vantage points/.test(e.message) &&
      /probes\.unreachable\.0\.vantage: unknown vantage point "z"/.test(e.message),
  );
});
