import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { sampleMessage } from '../../testing/fixtures.ts';
import { httpReceiver } from '../testing/http-receiver.ts';
import { newSigningSecret, signatureHeaders } from './sign.ts';
import { webhookChannel } from './webhook-channel.ts';

test('the standardwebhooks library verifies our signatures, and refuses a tampered body', async () => {
  const rx = await httpReceiver({ status: 204 });
  try {
    const secret = newSigningSecret();
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{32}$/);
    const m = sampleMessage('id');
    const result = await webhookChannel.send({ kind: 'webhook', url: `${rx.url}/hook` }, m, {
      policy: { allowPrivate: true },
      timeoutMs: 5_000,
      signingSecret: secret,
      now: Date.now(),
    });
    assert.deepEqual(result, { ok: true, status: 204 });
    const [req] = rx.received;
    assert.ok(req);
    const headers = {
      'webhook-id': String(req.headers['webhook-id']),
      'webhook-timestamp': String(req.headers['webhook-timestamp']),
      'webhook-signature': String(req.headers['webhook-signature']),
    };
    assert.equal(headers['webhook-id'], m.id, 'the id is the idempotency key');
    const payload = new Webhook(secret).verify(req.body, headers) as typeof m.event;
    assert.equal(payload.type, 'incident.opened');
    assert.equal(payload.data.incident.id, 7);
    assert.equal(payload.data.summary, m.subject);
    assert.throws(
      () => new Webhook(secret).verify(req.body.replace('"id":7', '"id":8'), headers),
      WebhookVerificationError,
    );
    assert.throws(() => new Webhook(newSigningSecret()).verify(req.body, headers), WebhookVerificationError);
  } finally {
    await rx.close();
  }
});

test('signatures follow the specification example', () => {
  // The example in the Standard Webhooks specification.
  const h = signatureHeaders(
    'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    'msg_p5jXN8AQM9LWM0D4loKWxJek',
    1614265330,
    '{"test": 2432232314}',
  );
  assert.equal(h['webhook-signature'], 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
});
