import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { isIPv4 } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openSqlite } from '../store/sqlite/open-sqlite.ts';
import { Identities } from './identity.ts';
import { ipv4ToNumber, unmapIPv4 } from './ipv4.ts';
import { quickReportBody, ReportBody } from './report-body.ts';

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

test('quickReportBody gives ReportBody’s answer or steps aside', () => {
  const valid = [
    { service: 'instagram', problem: 'login' },
    { service: 'instagram', problem: 'login', country: 'ID' },
    { service: 'x', problem: 'feed', country: 'vn' },
    { service: 's'.repeat(64), problem: 'p'.repeat(64), country: 'In' },
  ];
  const invalid = [
    null,
    'instagram',
    ['instagram', 'login'],
    {},
    { service: 'instagram' },
    { service: '', problem: 'login' },
    { service: 's'.repeat(65), problem: 'login' },
    { service: 'instagram', problem: 7 },
    { service: 'instagram', problem: 'login', country: 'XX' },
    { service: 'instagram', problem: 'login', country: 'EU' },
    { service: 'instagram', problem: 'login', country: 'IDN' },
    { service: 'instagram', problem: 'login', country: 'ıD' },
    { service: 'instagram', problem: 'login', country: null },
    { service: 'instagram', problem: 'login', country: undefined },
    { service: 'instagram', problem: 'login', extra: 1 },
    { service: 'instagram', problem: 'login', country: 'ID', extra: 1 },
  ];
  for (const body of valid) {
    const quick = quickReportBody(body);
    assert.ok(quick, `the fast path takes ${JSON.stringify(body)}`);
    assert.deepEqual(quick, ReportBody.parse(body));
  }
  for (const body of invalid) {
    const quick = quickReportBody(body);
    const zod = ReportBody.safeParse(body);
    // Stepping aside is always allowed; an answer must be zod's.
    if (quick !== undefined) assert.deepEqual(quick, zod.data, JSON.stringify(body));
    else if (body !== null && typeof body === 'object' && 'country' in body && body.country === undefined)
      assert.ok(zod.success, 'an explicit undefined country is left to zod, which accepts it');
    else assert.equal(zod.success, false, `zod rejects ${JSON.stringify(body)}`);
  }
});

test('identities: known() answers without waiting once the day’s key is loaded, as of() does', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dw-known-'));
  const store = openSqlite(join(dir, 'db.sqlite'));
  await store.migrate();
  try {
    const ids = new Identities(store);
    const t = Date.UTC(2024, 2, 5, 15);
    assert.equal(ids.known('198.51.100.7', 'UA', t), undefined, 'no key loaded yet');
    const first = await ids.of('198.51.100.7', 'UA', t);
    assert.deepEqual(ids.known('198.51.100.7', 'UA', t + 60_000), first);
    assert.equal(ids.known('198.51.100.7', 'UA', t + 86_400_000), undefined, 'the next day needs its key');
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
