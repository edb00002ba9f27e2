import assert from 'node:assert/strict';
import { isIPv4 } from 'node:net';
import { test } from 'node:test';
import { ipv4ToNumber, unmapIPv4 } from './ipv4.ts';

test('ipv4ToNumber accepts exactly what isIPv4 accepts, with the address as a number', () => {
  const tricky = [
    '0.0.0.0',
    '255.255.255.255',
    '256.1.1.1',
    '1.2.3',
    '1.2.3.4.5',
    '01.2.3.4',
    '1.2.3.04',
    '1.2.3.',
    '.1.2.3',
    '1..2.3',
    '1.2.3.4 ',
    '1.2.3.1000',
    '',
    '::1',
    '::ffff:1.2.3.4',
    '1.2.3.-4',
    '１.2.3.4',
  ];
  let seed = 7;
  const rand = (n: number): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % n;
  };
  // Mostly four parts of up to four digits (some with leading zeros, some over 255), some three or five.
  const part = (): string => Array.from({ length: rand(5) }, () => String(rand(10))).join('');
  const random = Array.from({ length: 5000 }, () => Array.from({ length: 3 + rand(3) }, part).join('.'));
  let valid = 0;
  for (const ip of [...tricky, ...random]) {
    const n = ipv4ToNumber(ip);
    assert.equal(n >= 0, isIPv4(ip), ip);
    if (n >= 0) {
      valid++;
      assert.equal(
        n,
        ip.split('.').reduce((acc, p) => acc * 256 + Number(p), 0),
        ip,
      );
    }
  }
  assert.ok(valid > 20, `only ${valid} valid addresses were compared`);
  assert.equal(ipv4ToNumber('203.0.113.7'), 0xcb007107);
});

test('unmapIPv4 unwraps IPv4-mapped IPv6 addresses only', () => {
  assert.equal(unmapIPv4('::ffff:203.0.113.7'), '203.0.113.7');
  assert.equal(unmapIPv4('::FFFF:203.0.113.7'), '203.0.113.7');
  assert.equal(unmapIPv4('::ffff:203.0.113'), '::ffff:203.0.113');
  assert.equal(unmapIPv4('2001:db8::1'), '2001:db8::1');
  assert.equal(unmapIPv4('203.0.113.7'), '203.0.113.7');
});
