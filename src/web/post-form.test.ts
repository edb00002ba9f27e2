import assert from 'node:assert/strict';
import { test } from 'node:test';
import { html } from './html.ts';
import { postForm } from './post-form.ts';

test('a state-changing form posts to its action and carries its hidden fields, all escaped', () => {
  const form = postForm({
    action: '/subscribe/unsubscribe?token=a&b',
    className: 'report-form',
    data: { slug: 'x"y' },
    hidden: { lang: 'id', token: '"><script>' },
    body: html`<button type="submit">Go</button>`,
  }).value;
  assert.match(
    form,
    /^<form method="post" action="\/subscribe\/unsubscribe\?token=a&amp;b" class="report-form" data-slug="x&quot;y">/,
  );
  assert.match(form, /<input type="hidden" name="lang" value="id">/);
  assert.match(form, /<input type="hidden" name="token" value="&quot;&gt;&lt;script&gt;">/);
  assert.doesNotMatch(form, /<script>/);
  assert.match(form, /<button type="submit">Go<\/button>\n<\/form>$/);
});
