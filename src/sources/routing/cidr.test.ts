import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contains, parseCidr } from './cidr.ts';

const p = (s: string) => {
  const c = parseCidr(s);
  assert.ok(c, s);
  return c;
};

test('parses IPv4 and IPv6 prefixes and tests containment', () => {
  assert.ok(contains(p('129.134.0.0/16'), p('129.134.30.0/24')));
  assert.ok(contains(p('129.134.30.0/23'), p('129.134.31.0/24')));
  assert.ok(!contains(p('129.134.30.0/24'), p('129.134.30.0/23')));
  assert.ok(!contains(p('129.134.0.0/16'), p('129.135.0.0/24')));
  assert.ok(contains(p('2a03:2880::/32'), p('2a03:2880:f0fc::/47')));
  assert.ok(!contains(p('2a03:2880::/32'), p('2a03:2881::/48')));
  assert.ok(!contains(p('2a03:2880::/32'), p('129.134.0.0/16')));
  assert.ok(contains(p('::ffff:0:0/96'), p('::ffff:10.0.0.0/104')));
  assert.equal(p('10.1.2.3/8').bits, p('10.0.0.0/8').bits, 'host bits are cleared');
  for (const bad of [
    '',
    '10.0.0.0',
    '10.0.0.256/8',
    '10.0.0.0/33',
    '2a03::2880::/32',
    'fe80::/129',
    'x/1',
    '1.2.3.4/8/9',
  ])
    assert.equal(parseCidr(bad), null, bad);
});
