import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AsnDb, isHostingName } from './asn.ts';

test('ASN lookup from the package format: ranges, quoted names, IPv6, unknown addresses', () => {
  const db = AsnDb.fromCsv(
    [
      '16777216,16777471,13335,"Cloudflare, Inc."',
      '134744064,134744319,15169,Google LLC',
      '603979776,604045311,7713,PT Telekomunikasi Indonesia',
      '877608960,877609215,16509,"Amazon.com, Inc."',
      '',
    ].join('\n'),
    '2001:4860::,2001:4860:ffff:ffff:ffff:ffff:ffff:ffff,15169,Google LLC\n',
  );
  assert.deepEqual(db.lookup('1.0.0.1'), { asn: 13335, hosting: false }, 'WARP carries people');
  assert.deepEqual(db.lookup('8.8.8.8'), { asn: 15169, hosting: true });
  assert.deepEqual(db.lookup('36.0.0.9'), { asn: 7713, hosting: false });
  assert.deepEqual(db.lookup('::ffff:52.79.64.5'), { asn: 16509, hosting: true });
  assert.deepEqual(db.lookup('2001:4860:4860::8888'), { asn: 15169, hosting: true });
  assert.equal(db.lookup('10.1.2.3'), undefined);
  assert.equal(db.lookup('not an address'), undefined);
});

test('hosting names: clouds, hosters and datacenters, not carriers', () => {
  for (const n of [
    'Hetzner Online GmbH',
    'DigitalOcean, LLC',
    'OVH SAS',
    'EGIHosting',
    'Ace Data Centers, Inc.',
    'M247 Europe SRL',
  ])
    assert.ok(isHostingName(n), n);
  for (const n of [
    'PT Telekomunikasi Indonesia',
    'Reliance Jio Infocomm Limited',
    'Comcast Cable Communications, LLC',
    'Viettel Group',
  ])
    assert.ok(!isHostingName(n), n);
});

test('the packaged database answers for well-known networks', () => {
  const db = AsnDb.load();
  assert.equal(db.lookup('8.8.8.8')?.asn, 15169);
  assert.equal(db.lookup('8.8.8.8')?.hosting, true);
  assert.equal(db.lookup('1.1.1.1')?.asn, 13335);
  assert.equal(db.lookup('36.66.1.1')?.hosting, false);
});
