import assert from 'node:assert/strict';
import { test } from 'node:test';
import { en } from './en.ts';
import { ALERT_LANGUAGES, DICTIONARIES } from './texts.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('every language has every text, with the same placeholders as English', () => {
  for (const lang of ALERT_LANGUAGES) {
    const dict = DICTIONARIES[lang];
    for (const [key, text] of Object.entries(en)) {
      const mine = dict[key as keyof typeof en];
      assert.ok(mine, `${lang}: ${key} is missing`);
      assert.deepEqual(placeholders(mine), placeholders(text), `${lang}: ${key} placeholders`);
    }
    assert.equal(Object.keys(dict).length, Object.keys(en).length, `${lang}: no extra keys`);
  }
});
