import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CATALOG_DIR } from '../catalog/default-catalog-dir.ts';
import { loadCatalog } from '../catalog/load-catalog.ts';
import { chooseLanguage, fromAcceptLanguage } from './choose-language.ts';
import { en } from './en.ts';
import { DICTIONARIES, LANGUAGES } from './languages.ts';
import { makeTranslator } from './translator.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

// One catalogue for the site, alerts, emails and subscription pages: a text missing in any language fails here.
test('every language has exactly the English keys, with the same placeholders, none empty', () => {
  const reference: Record<string, string> = en;
  const keys = Object.keys(reference).sort();
  for (const k of ['subject.firing', 'line.opened', 'confirm.subject', 'unsubscribe.question'])
    assert.ok(keys.includes(k), `the alert and subscription text ${k} is in the catalogue`);
  for (const lang of LANGUAGES) {
    const dict: Record<string, string> = DICTIONARIES[lang];
    const mine = Object.keys(dict).sort();
    assert.deepEqual(
      mine.filter((k) => !keys.includes(k)),
      [],
      `${lang} has keys English does not`,
    );
    assert.deepEqual(
      keys.filter((k) => !mine.includes(k)),
      [],
      `${lang} is missing keys`,
    );
    for (const k of keys) {
      const text = dict[k] ?? '';
      assert.ok(text.trim().length > 0, `${lang} ${k} is empty`);
      assert.deepEqual(placeholders(text), placeholders(reference[k] ?? ''), `${lang} ${k} placeholders`);
    }
    assert.equal(Object.keys(dict).length, keys.length, `${lang}: no extra keys`);
  }
});

test('every problem category of the catalog has a label in every site language', () => {
  const catalog = loadCatalog([DEFAULT_CATALOG_DIR]);
  for (const lang of LANGUAGES) {
    for (const s of catalog.services)
      for (const c of s.categories)
        assert.ok(c.labels[lang] ?? catalog.categories.get(c.id)?.[lang], `${lang} ${s.slug} ${c.id}`);
    const tr = makeTranslator(lang, catalog);
    assert.notEqual(tr.category('login'), 'login');
  }
});

test('language choice: query, then cookie, then Accept-Language with quality values', () => {
  assert.equal(fromAcceptLanguage('fr-FR, vi;q=0.8, id;q=0.9'), 'id');
  assert.equal(fromAcceptLanguage('in-ID'), 'id', 'the old code for Indonesian');
  assert.equal(fromAcceptLanguage('fr, de'), undefined);
  assert.equal(fromAcceptLanguage('hi;q=0, en;q=0.1'), 'en');
  assert.equal(chooseLanguage({ query: 'vi', cookie: 'lang=hi', acceptLanguage: 'id' }), 'vi');
  assert.equal(chooseLanguage({ query: 'xx', cookie: 'lang=hi', acceptLanguage: 'id' }), 'hi');
  assert.equal(chooseLanguage({ cookie: 'lang=zz', acceptLanguage: 'id' }), 'id');
  assert.equal(chooseLanguage({}), 'en');
});

test('numbers, shares, times and durations follow the locale', () => {
  const catalog = loadCatalog([DEFAULT_CATALOG_DIR]);
  const t = Date.UTC(2024, 2, 5, 15, 20);
  assert.equal(makeTranslator('en', catalog).n(1234567), '1,234,567');
  assert.equal(makeTranslator('id', catalog).n(1234567), '1.234.567');
  assert.equal(makeTranslator('hi', catalog).n(1234567), '12,34,567');
  assert.equal(makeTranslator('vi', catalog).pct(0.76), '76%');
  assert.match(makeTranslator('id', catalog).time(t, 'time'), /^15\.20 UTC$/);
  assert.match(makeTranslator('en', catalog).duration(139), /^2 hr, 19 min$/);
  // Alerts speak in the subscriber's zone: 15:20 UTC is 22:20 in Jakarta.
  assert.match(makeTranslator('id', catalog).time(t, 'datetime', 'Asia/Jakarta'), /22\.20 WIB$/);
  assert.match(makeTranslator('en', catalog).time(t, 'datetime'), /03:20 PM UTC$/);
});

// Plurals come from Intl.PluralRules: one test per language, each with the forms its grammar has.
const plural = (lang: 'en' | 'id' | 'hi' | 'vi') => {
  const tr = makeTranslator(lang, loadCatalog([DEFAULT_CATALOG_DIR]));
  return (n: number) => tr.plural('service.day', n, { n: tr.n(n) });
};

test('plurals in English: 1 report, 0 and 2 reports', () => {
  const day = plural('en');
  assert.equal(day(1), '1 report in the last 24 hours.');
  assert.equal(day(0), '0 reports in the last 24 hours.');
  assert.equal(day(2), '2 reports in the last 24 hours.');
  assert.equal(day(1234), '1,234 reports in the last 24 hours.');
});

test('plurals in Hindi: 0 and 1 take the singular, 2 and more the plural', () => {
  const day = plural('hi');
  assert.equal(day(1), 'पिछले 24 घंटों में 1 रिपोर्ट।');
  assert.equal(day(0), 'पिछले 24 घंटों में 0 रिपोर्ट।');
  assert.equal(day(2), 'पिछले 24 घंटों में 2 रिपोर्टें।');
});

test('plurals in Indonesian: one form for every count', () => {
  const day = plural('id');
  assert.equal(day(1), '1 laporan dalam 24 jam terakhir.');
  assert.equal(day(2), '2 laporan dalam 24 jam terakhir.');
});

test('plurals in Vietnamese: one form for every count', () => {
  const day = plural('vi');
  assert.equal(day(1), '1 báo cáo trong 24 giờ qua.');
  assert.equal(day(5), '5 báo cáo trong 24 giờ qua.');
});

test('every plural message has an .other form in every language', () => {
  for (const lang of LANGUAGES) {
    const dict: Record<string, string> = DICTIONARIES[lang];
    for (const k of Object.keys(dict).filter((k) => /\.(zero|one|two|few|many)$/.test(k)))
      assert.ok(dict[k.replace(/\.\w+$/, '.other')], `${lang} ${k} has an .other form`);
  }
});
