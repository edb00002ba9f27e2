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
