import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CATALOG_DIR } from '../../catalog/default-catalog-dir.ts';
import { loadCatalog } from '../../catalog/load-catalog.ts';
import { PostMatcher, type PostVerdict } from './match-post.ts';

const matcher = new PostMatcher(loadCatalog([DEFAULT_CATALOG_DIR]).services);
const AT = Date.UTC(2021, 9, 4, 15, 50);
const match = (text: string, langs: string[] = [], extra = {}) =>
  matcher.match({ text, langs, at: AT, ...extra });
const counted = (vs: PostVerdict[]) =>
  vs
    .filter((v) => v.counted)
    .map((v) => `${v.service}/${v.lang}`)
    .sort();

test('matches outage posts in English, Indonesian, Hindi, Vietnamese, Spanish and Portuguese', () => {
  assert.deepEqual(counted(match('instagram down')), ['instagram/en']);
  assert.deepEqual(counted(match('IG lagi error', ['id'])), ['instagram/id']);
  assert.deepEqual(counted(match('IG lagi error')), ['instagram/id'], 'the phrase tells the language');
  assert.deepEqual(counted(match('इंस्टाग्राम डाउन')), ['instagram/hi']);
  assert.deepEqual(counted(match('फेसबुक काम नहीं कर रहा है क्या?', ['hi'])), ['facebook/hi']);
  assert.deepEqual(counted(match('insta down hai kya', ['hi'])), ['instagram/hi']);
  assert.deepEqual(counted(match('facebook bị lỗi', ['vi'])), ['facebook/vi']);
  assert.deepEqual(
    counted(match('facebook bi loi roi', [])),
    ['facebook/vi'],
    'Vietnamese typed without accents',
  );
  assert.deepEqual(counted(match('¿Se cayó WhatsApp? No me funciona', ['es'])), ['whatsapp/es']);
  assert.deepEqual(counted(match('o zap caiu de novo??', ['pt'])), ['whatsapp/pt']);
  assert.deepEqual(counted(match('Instagram, WhatsApp e Facebook fora do ar agora', ['pt'])), [
    'facebook/pt',
    'instagram/pt',
    'whatsapp/pt',
  ]);
});

test('needs both a service and an outage phrase, as whole words', () => {
  assert.deepEqual(match('I love instagram'), []);
  assert.deepEqual(match('the server is down'), []);
  assert.deepEqual(counted(match('downloading instagrammable pics')), []);
  assert.deepEqual(counted(match('face down on the bed', ['en'])), [], 'a Spanish nickname is not English');
  assert.deepEqual(counted(match('wa is my home state, and the power lines there went down last night')), []);
});

test('discounts jokes, old news, marketing, denials and the service itself', () => {
  const joke = match('facebook down lol finally some peace 😂');
  assert.ok(joke[0] && !joke[0].counted && joke[0].reasons.includes('joke'), JSON.stringify(joke));
  const old = match('remember when facebook went down for 6 hours in 2021');
  assert.ok(old[0] && !old[0].counted && old[0].reasons.includes('old-news'));
  const oldYear = matcher.match({
    text: 'Facebook outage of 2021: what went wrong',
    langs: ['en'],
    at: Date.UTC(2024, 2, 5),
  });
  assert.ok(oldYear[0] && !oldYear[0].counted, 'an earlier year in the post is old news');
  const ad = match('Instagram not working on your old phone? Download now the new version, link in bio');
  assert.ok(ad[0] && !ad[0].counted && ad[0].reasons.includes('marketing'));
  const denial = match("instagram isn't down, it's your wifi");
  assert.ok(denial[0] && !denial[0].counted && denial[0].reasons.includes('denial'));
  const self = match('We know some people are having trouble with Instagram errors right now', ['en'], {
    author: { handle: 'instagram.bsky.social' },
  });
  assert.ok(self[0] && !self[0].counted && self[0].reasons.includes('self'));
  const quote = match('whatsapp down', ['en'], { quote: true });
  assert.ok(quote[0] && !quote[0].counted);
});

test('raises posts that speak of now, keeps those that only mention it far away lower', () => {
  const [now] = match('is instagram down right now for anyone else?');
  assert.ok(now?.counted && now.score > 0.8);
  const [far] = match(
    'instagram posted a long story about their new office design and the cafe, and separately my internet is down',
  );
  assert.ok(far && !far.counted && far.reasons.includes('far'));
});
