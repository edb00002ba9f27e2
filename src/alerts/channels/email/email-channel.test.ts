import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sampleMessage } from '../../testing/fixtures.ts';
import { parseMail } from '../testing/parse-mail.ts';
import { smtpReceiver } from '../testing/smtp-receiver.ts';
import { emailChannel, maskAddress, smtpMailer } from './email-channel.ts';

test('an alert reaches a real SMTP server with a localised subject, HTML and text parts, one-click unsubscribe', async () => {
  const rx = await smtpReceiver();
  const mailer = smtpMailer(rx.url, 'Downwatch <alerts@downwatch.example>', 5_000);
  try {
    const m = sampleMessage('hi');
    const result = await emailChannel(mailer).send({ kind: 'email', address: 'priya@example.in' }, m, {
      policy: { allowPrivate: false },
      timeoutMs: 5_000,
      signingSecret: null,
      now: Date.now(),
    });
    assert.deepEqual(result, { ok: true, status: 250 });
    assert.equal(rx.messages.length, 1);
    const [sent] = rx.messages;
    assert.deepEqual(sent?.to, ['priya@example.in']);
    assert.equal(sent?.from, 'alerts@downwatch.example');
    const mail = parseMail(sent!.raw);
    assert.equal(mail.headers.get('subject'), 'बड़ी रुकावट: Meta: Facebook, Instagram');
    assert.equal(mail.headers.get('content-language'), 'hi');
    assert.equal(
      mail.headers.get('list-unsubscribe'),
      '<https://downwatch.example/subscribe/unsubscribe?token=unsub-token-123>',
    );
    assert.equal(mail.headers.get('list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
    assert.match(mail.text, /Facebook: 5 मार्च 2024/);
    assert.ok(mail.text.includes('https://downwatch.example/incidents/7'));
    assert.match(mail.html, /<html lang="hi">/);
    assert.ok(mail.html.includes('विवरण और ताज़ा स्थिति'), 'the Hindi link text');
  } finally {
    mailer.close();
    await rx.close();
  }
});

test('addresses are masked when shown', () => {
  assert.equal(maskAddress('priya@example.in'), 'p•••@example.in');
});
