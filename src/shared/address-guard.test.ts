import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BlockedAddressError, checkUrlHost, guardedLookup, isPublicAddress } from './address-guard.ts';

test('private, loopback, link-local, CGNAT, reserved and mapped addresses are not public', () => {
  for (const ip of [
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '224.0.0.1',
    '255.255.255.255',
  ]) {
    assert.equal(isPublicAddress(ip), false, ip);
  }
  for (const ip of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '157.240.1.35'])
    assert.equal(isPublicAddress(ip), true, ip);
  assert.equal(isPublicAddress('not-an-ip'), false);
});

test('IPv6 ranges that embed or reach IPv4, and site-local, are not public', () => {
  for (const ip of [
    '::127.0.0.1', // IPv4-compatible (deprecated), here loopback
    '::a00:1', // IPv4-compatible 10.0.0.1
    '2002:7f00:1::1', // 6to4 around 127.0.0.1
    '2002:c0a8:101::', // 6to4 around 192.168.1.1
    '64:ff9b::a00:1', // NAT64 well-known prefix, 10.0.0.1
    '64:ff9b:1::a00:1', // NAT64 local-use prefix
    '::ffff:0:a00:1', // SIIT (RFC 6145)
    '2001:0:4136:e378:8000:63bf:3fff:fdd2', // Teredo
    'fec0::1', // site-local (deprecated)
    '2001:db8::1', // documentation
    '100::1', // discard
    '3fff::1', // documentation (RFC 9637)
  ]) {
    assert.equal(isPublicAddress(ip), false, ip);
  }
  assert.equal(isPublicAddress('2a03:2880:f12f:83:face:b00c::25de'), true);
});

test('an allow list lets named private addresses through and nothing else', () => {
  const policy = { allowPrivate: false, allow: ['127.0.0.1'] };
  assert.doesNotThrow(() => checkUrlHost(new URL('http://127.0.0.1:9/'), policy));
  assert.doesNotThrow(() => checkUrlHost(new URL('http://[::ffff:127.0.0.1]:9/'), policy));
  assert.throws(() => checkUrlHost(new URL('http://127.0.0.2:9/'), policy), BlockedAddressError);
});

test('URL hosts: IP literals and localhost are checked; names wait for the lookup', () => {
  const deny = { allowPrivate: false };
  assert.throws(() => checkUrlHost(new URL('http://127.0.0.1:8080/x'), deny), BlockedAddressError);
  assert.throws(() => checkUrlHost(new URL('http://[::1]/'), deny), BlockedAddressError);
  assert.throws(() => checkUrlHost(new URL('http://localhost/'), deny), BlockedAddressError);
  assert.doesNotThrow(() => checkUrlHost(new URL('http://127.0.0.1/'), { allowPrivate: true }));
  assert.doesNotThrow(() => checkUrlHost(new URL('https://example.com/'), deny));
});

test('the guarded lookup refuses names that resolve to loopback (no network needed)', async () => {
  const lookup = guardedLookup({ allowPrivate: false });
  const err = await new Promise<unknown>((resolve) => lookup('localhost', {}, (e) => resolve(e)));
  assert.ok(err instanceof BlockedAddressError);
  const ok = await new Promise<string>((resolve, reject) =>
    guardedLookup({ allowPrivate: true })('localhost', {}, (e, address) =>
      e ? reject(e) : resolve(address as string),
    ),
  );
  assert.match(ok, /^(127\.0\.0\.1|::1)$/);
});
