import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classify } from './classify.ts';
import { describeReachability, judgeMinute, type Signal } from './reachability.ts';

const sig = (vantage: string, service: string, outcome: string, results = 1, kind = 'dns'): Signal => ({
  vantage,
  service,
  kind,
  outcome,
  results,
});
const T = Date.UTC(2021, 9, 4, 15, 50);

test('down only when at least half of the reachable vantage points fail', () => {
  const four = ['a', 'b', 'c', 'd'].map((v) => sig(v, 'facebook', 'dns:SERVFAIL'));
  const { services } = judgeMinute([...four, sig('e', 'facebook', 'ok')]);
  const v = services[0]!;
  assert.deepEqual([v.state, v.layer, v.code, v.failing, v.reachable], ['down', 'dns', 'SERVFAIL', 4, 5]);
  assert.equal(describeReachability(v, T), 'DNS failing from 4 of 5 vantage points since 15:50 (SERVFAIL)');
  const one = judgeMinute([sig('a', 'x', 'dns:SERVFAIL'), sig('b', 'x', 'ok'), sig('c', 'x', 'ok')])
    .services[0]!;
  assert.equal(one.state, 'up', '1 of 3 is the network near that vantage point, not the service');
  assert.equal(describeReachability(one, null), 'reachable from 2 of 3 vantage points');
  const half = judgeMinute([sig('a', 'x', 'connect:TIMEOUT', 1, 'http'), sig('b', 'x', 'ok')]).services[0]!;
  assert.equal(half.state, 'down', '1 of 2 is half');
});

test('a vantage point whose control targets fail is left out instead of declaring its targets down', () => {
  const { vantages, services } = judgeMinute([
    sig('home', '@control', 'connect:ENETUNREACH', 2, 'http'),
    sig('home', 'facebook', 'dns:TIMEOUT'),
    sig('home', 'youtube', 'dns:TIMEOUT'),
    sig('ams', '@control', 'ok', 2, 'http'),
    sig('ams', 'facebook', 'ok'),
    sig('ams', 'youtube', 'ok'),
  ]);
  assert.deepEqual(vantages, [
    { vantage: 'ams', reachable: true, reason: null },
    { vantage: 'home', reachable: false, reason: 'control targets failing' },
  ]);
  assert.deepEqual(
    services.map((s) => [s.service, s.state, s.reachable, s.excluded]),
    [
      ['facebook', 'up', 1, 1],
      ['youtube', 'up', 1, 1],
    ],
  );
});

test('without control targets, a vantage point failing nearly everything suspects itself', () => {
  const many = ['s1', 's2', 's3', 's4', 's5', 's6'].map((s, i) =>
    sig('local', s, i < 5 ? 'dns:SERVFAIL' : 'ok'),
  );
  const { vantages, services } = judgeMinute(many);
  assert.deepEqual(vantages[0], { vantage: 'local', reachable: false, reason: 'fails 5 of 6 services' });
  assert.ok(
    services.every((s) => s.state === 'unknown'),
    'a machine with no internet reports nothing down',
  );
  assert.equal(
    describeReachability(services[0]!, null),
    'no reachable vantage point; 1 unreachable vantage point left out',
  );
});

test('the layer most failing vantage points report wins; ties go to the outer layer', () => {
  const v = judgeMinute([
    sig('a', 'x', 'connect:ECONNREFUSED', 1, 'http'),
    sig('b', 'x', 'dns:SERVFAIL'),
    sig('c', 'x', 'http:HTTP_503', 1, 'http'),
    sig('d', 'x', 'dns:SERVFAIL'),
  ]).services[0]!;
  assert.deepEqual([v.layer, v.code], ['dns', 'SERVFAIL']);
});

test('classification: network layers, HTTP, content, reachable, unknown', () => {
  const down = (layer: string, code: string) =>
    judgeMinute([sig('a', 'x', `${layer}:${code}`), sig('b', 'x', `${layer}:${code}`)]).services[0]!;
  const up = judgeMinute([sig('a', 'x', 'ok')]).services[0]!;
  assert.equal(classify([down('dns', 'SERVFAIL'), up]), 'network/dns');
  assert.equal(classify([down('connect', 'TIMEOUT')]), 'network/connect');
  assert.equal(classify([down('tls', 'CERT_HAS_EXPIRED')]), 'network/tls');
  // Issue 18 split the old "application" into the HTTP status and the content checks.
  assert.equal(classify([down('http', 'HTTP_503')]), 'http/5xx');
  assert.equal(classify([down('http', 'HTTP_403')]), 'http/other');
  assert.equal(classify([down('condition', 'CONDITION')]), 'content');
  assert.equal(classify([up, up]), 'reachable');
  assert.equal(classify([]), 'unknown');
});

/** Five vantage points, each with a passing DNS check and an HTTP check that ends in `http`. */
const layered = (http: (i: number) => string, n = 5): Signal[] =>
  Array.from({ length: n }, (_, i) => [
    sig(`v${i}`, 'shop', 'ok', 1, 'dns'),
    sig(`v${i}`, 'shop', http(i), 1, 'http'),
  ]).flat();

test('HTTP 500 everywhere is down although every name resolves (each kind judged on its own)', () => {
  const v = judgeMinute(layered(() => 'http:HTTP_500')).services[0]!;
  assert.deepEqual([v.state, v.layer, v.code, v.failing, v.reachable], ['down', 'http', 'HTTP_500', 5, 5]);
  assert.equal(
    describeReachability(v, Date.UTC(2025, 5, 12, 11, 21)),
    'HTTP 500 from 5 of 5 vantage points since 11:21',
  );
  assert.equal(classify([v]), 'http/5xx');
});

test('several HTTP codes are each named with their counts', () => {
  const v = judgeMinute(layered((i) => (i < 3 ? 'http:HTTP_502' : 'http:HTTP_503'))).services[0]!;
  assert.deepEqual(v.codes, [
    { code: 'HTTP_502', vantages: 3 },
    { code: 'HTTP_503', vantages: 2 },
  ]);
  assert.equal(describeReachability(v, null), 'HTTP 502 from 3, HTTP 503 from 2 of 5 vantage points');
});

test('connection, TLS and content failures each make the service down at their layer', () => {
  const cases: [string, string, string, string][] = [
    [
      'connect:ECONNREFUSED',
      'connect',
      'network/connect',
      'Connections failing from 5 of 5 vantage points (ECONNREFUSED)',
    ],
    [
      'tls:CERT_HAS_EXPIRED',
      'tls',
      'network/tls',
      'TLS failing from 5 of 5 vantage points (CERT_HAS_EXPIRED)',
    ],
    [
      'condition:CONDITION',
      'condition',
      'content',
      'Content checks failing from 5 of 5 vantage points (CONDITION)',
    ],
  ];
  for (const [outcome, layer, classification, text] of cases) {
    const v = judgeMinute(layered(() => outcome)).services[0]!;
    assert.deepEqual([v.state, v.layer], ['down', layer], outcome);
    assert.equal(classify([v]), classification);
    assert.equal(describeReachability(v, null), text);
  }
});

test('an HTTP failure on a minority of vantage points leaves the service up', () => {
  const v = judgeMinute(layered((i) => (i < 2 ? 'http:HTTP_500' : 'ok'))).services[0]!;
  assert.deepEqual([v.state, v.failing, v.reachable], ['up', 2, 5]);
});

test('a check the address guard refused (BLOCKED) never votes', () => {
  const blocked = ['a', 'b', 'c', 'd'].map((v) => sig(v, 'shop', 'policy:BLOCKED', 3, 'http'));
  const alone = judgeMinute(blocked).services[0]!;
  assert.deepEqual([alone.state, alone.reachable, alone.refused], ['unknown', 0, 4], 'nothing was sent');
  assert.equal(
    describeReachability(alone, null),
    'no reachable vantage point; 4 vantage points refused to send the check (not counted)',
  );
  const mixed = judgeMinute([...blocked, sig('e', 'shop', 'ok', 1, 'http')]).services[0]!;
  assert.deepEqual([mixed.state, mixed.failing, mixed.reachable], ['up', 0, 1]);
  const withDns = judgeMinute([sig('a', 'shop', 'policy:BLOCKED', 1, 'http'), sig('a', 'shop', 'ok')])
    .services[0]!;
  assert.deepEqual(
    [withDns.state, withDns.failing, withDns.refused],
    ['up', 0, 0],
    'the DNS check still speaks',
  );
});

test("refusals and the agent's own errors do not make a vantage point look cut off", () => {
  const many = ['s1', 's2', 's3', 's4', 's5', 's6'].flatMap((s) => [
    sig('local', s, 'policy:BLOCKED', 1, 'http'),
    sig('local', s, 'connect:INTERNAL', 1, 'tcp'),
  ]);
  const { vantages, services } = judgeMinute([...many, sig('local', 's1', 'ok')]);
  assert.deepEqual(vantages[0], { vantage: 'local', reachable: true, reason: null });
  assert.equal(services.find((s) => s.service === 's1')!.state, 'up');
  assert.ok(services.filter((s) => s.service !== 's1').every((s) => s.state === 'unknown'));
});
