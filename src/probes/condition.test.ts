import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConditionError, evaluate, parseCondition } from './condition.ts';

const facts = (values: Record<string, string | number | boolean | null>, body?: string) => ({
  value: (n: string) => (n === 'BODY' ? body : values[n]),
  body,
});
const check = (src: string, f = facts({ STATUS: 200, RESPONSE_TIME: 120 })) =>
  evaluate(parseCondition(src), f);

test('comparisons, && || ! and parentheses', () => {
  assert.equal(check('[STATUS] == 200 && [RESPONSE_TIME] < 800').ok, true);
  assert.equal(check('[status] == 200').ok, true, 'names are case-insensitive');
  assert.equal(check('[STATUS] != 200 || [RESPONSE_TIME] <= 120').ok, true);
  assert.equal(check('!([STATUS] >= 500)').ok, true);
  assert.equal(check('([STATUS] == 201 || [STATUS] == 200) && [RESPONSE_TIME] > 100').ok, true);
  assert.deepEqual(check('[STATUS] == 200 && [RESPONSE_TIME] < 100'), {
    ok: false,
    failed: '[RESPONSE_TIME] < 100 (was 120)',
  });
});

test('text, contains, JSON paths and missing placeholders', () => {
  const f = facts({ RCODE: 'SERVFAIL' }, '{"a":{"b":[{"c":"up"}]},"n":3}');
  assert.equal(check('[RCODE] == "SERVFAIL"', f).ok, true);
  assert.equal(check("[RCODE] != 'NOERROR'", f).ok, true);
  assert.equal(check('[BODY] contains "UP"', f).ok, true, 'contains ignores case');
  assert.equal(check('[BODY] !contains "down"', f).ok, true);
  assert.equal(check('[BODY].a.b[0].c == "up" && [BODY].n >= 3', f).ok, true);
  assert.deepEqual(check('[BODY].missing == 1', f), {
    ok: false,
    failed: '[BODY].missing == 1 (was not available)',
  });
  assert.equal(check('[STATUS] == 200', f).ok, false, 'a placeholder the result lacks is false');
});

test('syntax errors are readable', () => {
  for (const [src, msg] of [
    ['', /empty/],
    ['[STATUS] 200', /expected an operator/],
    ['[STATUS] == ', /right-hand side/],
    ['([STATUS] == 200', /not closed/],
    ['[STATUS] == 200 200', /unexpected "200"/],
    ['STATUS == 200', /cannot read/],
  ] as const) {
    assert.throws(
      () => parseCondition(src),
      (e: Error) => e instanceof ConditionError && msg.test(e.message),
      src,
    );
  }
});
