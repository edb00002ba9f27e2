import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tempSqlite } from '../store/testing/engines.ts';
import { Identities } from './identity.ts';
import { quickReportBody, ReportBody } from './report-body.ts';

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
  const { store, cleanup } = await tempSqlite();
  try {
    const ids = new Identities(store);
    const t = Date.UTC(2024, 2, 5, 15);
    assert.equal(ids.known('198.51.100.7', t), undefined, 'no key loaded yet');
    const first = await ids.of('198.51.100.7', t);
    assert.deepEqual(ids.known('198.51.100.7', t + 60_000), first);
    assert.equal(ids.known('198.51.100.7', t + 86_400_000), undefined, 'the next day needs its key');
  } finally {
    await cleanup();
  }
});
