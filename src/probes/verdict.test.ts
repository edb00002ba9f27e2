import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classify } from './classify.ts';
import { describeVerdict, judgeMinute, type Signal } from './verdict.ts';

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
  assert.equal(describeVerdict(v, T), 'DNS failing from 4 of 5 vantage points since 15:50 (SERVFAIL)');
  const one = judgeMinute([sig('a', 'x', 'dns:SERVFAIL'), sig('b', 'x', 'ok'), sig('c', 'x', 'ok')])
    .services[0]!;
  assert.equal(one.state, 'up', '1 of 3 is the network near that vantage point, not the service');
  assert.equal(describeVerdict(one, null), 'reachable from 2 of 3 vantage points');
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
    describeVerdict(services[0]!, null),
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

test('classification: network layers, application, reachable, unknown', () => {
  const down = (layer: string, code: string) =>
    judgeMinute([sig('a', 'x', `${layer}:${code}`), sig('b', 'x', `${layer}:${code}`)]).services[0]!;
  const up = judgeMinute([sig('a', 'x', 'ok')]).services[0]!;
  assert.equal(classify([down('dns', 'SERVFAIL'), up]), 'network/dns');
  assert.equal(classify([down('connect', 'TIMEOUT')]), 'network/connect');
  assert.equal(classify([down('tls', 'CERT_HAS_EXPIRED')]), 'network/tls');
  assert.equal(classify([down('http', 'HTTP_503')]), 'application');
  assert.equal(classify([up, up]), 'reachable');
  assert.equal(classify([]), 'unknown');
});
