import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { httpReceiver } from '../../alerts/channels/testing/http-receiver.ts';
import { parseMail } from '../../alerts/channels/testing/parse-mail.ts';
import { ntfyCheck } from '../../alerts/channels/testing/service-checks.ts';
import { smtpReceiver } from '../../alerts/channels/testing/smtp-receiver.ts';
import { createTestApp } from '../../app/testing/test-app.ts';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

const TOKEN = 'test-admin-token-0123456789';
const T0 = Date.UTC(2024, 2, 5, 15, 39);
const admin = { authorization: `Bearer ${TOKEN}` };

/** The subscribe forms' cookie and token, as a browser would carry them from a page. */
function formOf(res: { body: string; headers: Record<string, unknown> }): { cookie: string; token: string } {
  const token = res.body.match(/name="form_token" value="([^"]+)"/)?.[1];
  const cookie = String(res.headers['set-cookie'] ?? '').split(';')[0];
  assert.ok(token && cookie, 'the page carries a form token and sets its cookie');
  return { cookie, token };
}

describe('alerts over HTTP: subscriptions, double opt-in, delivery log, one-click unsubscribe', () => {
  let app: TestApp;
  let smtp: Awaited<ReturnType<typeof smtpReceiver>>;
  let now = T0;
  before(async () => {
    smtp = await smtpReceiver();
    app = await createTestApp(
      {
        adminToken: TOKEN,
        alertsAllowPrivate: 'true',
        smtpUrl: smtp.url,
        mailFrom: 'Downwatch <alerts@downwatch.example>',
        publicUrl: 'https://downwatch.example',
      },
      { manualTicks: true, clock: { now: () => now } },
    );
  });
  after(async () => {
    await app.cleanup();
    await smtp.close();
  });

  const openIncident = async (slug: string) => {
    const id = await app.ctx.incidents.openIncident(
      {
        groupKey: `meta-${slug}`,
        title: 'Problems',
        impact: 'critical',
        startedAt: now,
        detectedAt: now,
        peakRate: 50,
      },
      {
        service: slug,
        status: 'major_outage',
        startedAt: now,
        detectedAt: now,
        recoveredAt: null,
        peakAt: now,
        peakRate: 50,
      },
      { at: now, kind: 'opened', service: slug, message: `${slug} down` },
    );
    assert.ok(id);
    return id;
  };

  test('admin endpoints need the token', async () => {
    const res = await app.server.inject({ method: 'GET', url: '/api/v1/alerts/subscriptions' });
    assert.equal(res.statusCode, 401);
    const wrong = await app.server.inject({
      method: 'GET',
      url: '/api/v1/alerts/deliveries',
      headers: { authorization: 'Bearer nope-nope-nope-nope' },
    });
    assert.equal(wrong.statusCode, 401);
  });

  test('a webhook subscription shows its signing secret once; the API never returns secrets again', async (t) => {
    const rx = await httpReceiver({ status: 202 });
    t.after(() => rx.close());
    const url = `${rx.url}/hooks/very-secret-path`;
    const res = await app.server.inject({
      method: 'POST',
      url: '/api/v1/alerts/subscriptions',
      headers: admin,
      payload: {
        channel: { kind: 'webhook', url },
        provider: 'meta',
        language: 'vi',
        timeZone: 'Asia/Ho_Chi_Minh',
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    const created = res.json();
    assert.match(created.signingSecret, /^whsec_/);
    assert.equal(created.state, 'active');
    assert.equal(created.channel.description, `webhook ${rx.url}/…`);
    for (const path of ['/api/v1/alerts/subscriptions', `/api/v1/alerts/subscriptions/${created.id}`]) {
      const body = (await app.server.inject({ method: 'GET', url: path, headers: admin })).body;
      assert.ok(body.includes(`"id":${created.id}`), path);
      assert.ok(!body.includes(created.signingSecret), `${path} leaks the secret`);
      assert.ok(!body.includes('very-secret-path'), `${path} leaks the URL path`);
    }

    const incident = await openIncident('instagram');
    await app.alerts.runOnce(); // queued; the group wait runs
    now += 31_000;
    await app.alerts.runOnce();
    assert.equal(rx.received.length, 1);
    const log = await app.server.inject({
      method: 'GET',
      url: `/api/v1/alerts/deliveries?subscription=${created.id}`,
      headers: admin,
    });
    const [d] = log.json().deliveries;
    assert.equal(d.state, 'sent');
    assert.equal(d.incidentId, incident);
    const detail = await app.server.inject({
      method: 'GET',
      url: `/api/v1/alerts/deliveries/${d.id}`,
      headers: admin,
    });
    assert.deepEqual(
      detail.json().log.map((a: { ok: boolean; statusCode: number }) => [a.ok, a.statusCode]),
      [[true, 202]],
    );
    const rotated = await app.server.inject({
      method: 'POST',
      url: `/api/v1/alerts/subscriptions/${created.id}/rotate-secret`,
      headers: admin,
    });
    assert.match(rotated.json().signingSecret, /^whsec_/);
    assert.notEqual(rotated.json().signingSecret, created.signingSecret);
  });

  test('bad subscriptions name the field', async () => {
    const cases: [unknown, number, string][] = [
      [{ channel: { kind: 'webhook', url: 'https://x.example' }, service: 'nope' }, 404, 'service'],
      [
        { channel: { kind: 'webhook', url: 'https://x.example' }, service: 'instagram', provider: 'meta' },
        422,
        'service',
      ],
      [{ channel: { kind: 'pager', url: 'https://x.example' } }, 422, 'channel.kind'],
      [{ channel: { kind: 'webhook', url: 'https://x.example' }, timeZone: 'Mars/Olympus' }, 422, 'timeZone'],
      [{ channel: { kind: 'telegram', botToken: 'x', chatId: 1 } }, 422, 'channel.botToken'],
    ];
    for (const [payload, status, field] of cases) {
      const res = await app.server.inject({
        method: 'POST',
        url: '/api/v1/alerts/subscriptions',
        headers: admin,
        payload: payload as object,
      });
      assert.equal(res.statusCode, status, `${JSON.stringify(payload)}: ${res.body}`);
      assert.ok(
        res.json().errors.some((e: { field: string }) => e.field === field),
        `${JSON.stringify(res.json().errors)} names ${field}`,
      );
    }
  });

  test('email: the page asks, the link confirms, the alert arrives in Indonesian, one click unsubscribes', async () => {
    const form = await app.server.inject({ method: 'GET', url: '/subscribe?lang=id&provider=meta' });
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /<html lang="id">/);
    assert.match(form.body, /<option value="provider:meta" selected>/);

    // The form is bound to this visitor: a cookie and the token in the page.
    const visitor = formOf(form);
    const before = smtp.messages.length;
    const sent = await app.server.inject({
      method: 'POST',
      url: '/subscribe',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: visitor.cookie },
      payload: new URLSearchParams({
        email: 'budi@example.co.id',
        scope: 'provider:meta',
        minSeverity: 'minor',
        language: 'id',
        form_token: visitor.token,
      }).toString(),
    });
    assert.equal(sent.statusCode, 200, sent.body);
    assert.match(sent.body, /Periksa kotak masuk Anda/);
    assert.equal(smtp.messages.length, before + 1);
    const confirmation = parseMail(smtp.messages.at(-1)!.raw);
    assert.match(
      confirmation.headers.get('subject') ?? '',
      /^Konfirmasi peringatan Downwatch untuk semua layanan Meta$/,
    );
    const link = confirmation.text.match(
      /https:\/\/downwatch\.example(\/subscribe\/confirm\?token=[\w-]+)/,
    )?.[1];
    assert.ok(link, JSON.stringify(confirmation));

    const pending = await app.server.inject({
      method: 'GET',
      url: '/api/v1/alerts/subscriptions?state=pending',
      headers: admin,
    });
    assert.equal(pending.json().subscriptions.length, 1);
    assert.equal(pending.json().subscriptions[0].channel.description, 'email b•••@example.co.id');

    // Following the link (a mail scanner does: GET and HEAD) only asks; the page's button confirms.
    assert.equal((await app.server.inject({ method: 'HEAD', url: link })).statusCode, 200);
    const asked = await app.server.inject({ method: 'GET', url: link });
    assert.equal(asked.statusCode, 200);
    assert.doesNotMatch(asked.body, /Peringatan dikonfirmasi/);
    assert.match(asked.body, /<form method="post" action="\/subscribe\/confirm"/);
    const pendingStill = await app.server.inject({
      method: 'GET',
      url: '/api/v1/alerts/subscriptions?state=pending',
      headers: admin,
    });
    assert.equal(pendingStill.json().subscriptions.length, 1, 'GET and HEAD confirmed nothing');
    const button = formOf(asked);
    const confirm = () =>
      app.server.inject({
        method: 'POST',
        url: '/subscribe/confirm',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: button.cookie },
        payload: new URLSearchParams({
          token: new URL(link, 'http://x').searchParams.get('token') ?? '',
          form_token: button.token,
        }).toString(),
      });
    const confirmed = await confirm();
    assert.equal(confirmed.statusCode, 200);
    assert.match(confirmed.body, /Peringatan dikonfirmasi/);
    assert.equal((await confirm()).statusCode, 404, 'a link works once');

    await openIncident('whatsapp');
    await app.alerts.runOnce();
    now += 31_000;
    await app.alerts.runOnce();
    const alert = parseMail(smtp.messages.at(-1)!.raw);
    assert.equal(alert.headers.get('subject'), 'Gangguan besar: WhatsApp');
    assert.match(alert.text, /WhatsApp: gangguan besar sejak/);
    const unsubscribe = alert.headers
      .get('list-unsubscribe')
      ?.match(/<https:\/\/downwatch\.example([^>]+)>/)?.[1];
    assert.ok(unsubscribe);
    assert.equal(alert.headers.get('list-unsubscribe-post'), 'List-Unsubscribe=One-Click');

    const ask = await app.server.inject({ method: 'GET', url: unsubscribe });
    assert.match(ask.body, /Hentikan peringatan tentang semua layanan Meta/);
    const click = await app.server.inject({
      method: 'POST',
      url: unsubscribe,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    assert.equal(click.statusCode, 200);
    assert.match(click.body, /Anda telah berhenti berlangganan/);
    const again = await app.server.inject({
      method: 'POST',
      url: unsubscribe,
      payload: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(again.statusCode, 200, 'repeating the click is harmless');
    const ended = await app.server.inject({
      method: 'GET',
      url: '/api/v1/alerts/subscriptions?state=unsubscribed',
      headers: admin,
    });
    assert.equal(ended.json().subscriptions.length, 1);
  });

  test('the subscribe form refuses cross-site posts and posts without its visitor-bound token', async () => {
    const form = formOf(await app.server.inject({ method: 'GET', url: '/subscribe' }));
    const before = smtp.messages.length;
    const post = (headers: Record<string, string>, token: string) =>
      app.server.inject({
        method: 'POST',
        url: '/subscribe',
        remoteAddress: '203.0.113.50',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        payload: new URLSearchParams({
          email: 'victim@example.org',
          scope: 'all',
          form_token: token,
        }).toString(),
      });
    assert.equal(
      (await post({ cookie: form.cookie, origin: 'https://evil.example' }, form.token)).statusCode,
      403,
    );
    assert.equal((await post({ origin: 'http://localhost:80' }, form.token)).statusCode, 403, 'no cookie');
    assert.equal((await post({ cookie: 'dw_form=AAAAAAAAAAAAAAAAAAAAAA' }, form.token)).statusCode, 403);
    assert.equal(smtp.messages.length, before, 'no mail sent');
    const ok = await post({ cookie: form.cookie, 'sec-fetch-site': 'same-origin' }, form.token);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(smtp.messages.length, before + 1);
  });

  test('sign-ups are limited per mailbox and per /24 and /64, whatever the address', async () => {
    const before = smtp.messages.length;
    const statuses: number[] = [];
    for (let i = 0; i < 24; i++) {
      const res = await app.server.inject({
        method: 'POST',
        url: '/api/v1/alerts/email-subscriptions',
        remoteAddress: `10.${i}.0.1`,
        payload: { email: 'One.Inbox@example.org', service: 'facebook' },
      });
      statuses.push(res.statusCode);
    }
    assert.equal(statuses.filter((s) => s === 202).length, 3, String(statuses));
    assert.equal(smtp.messages.length - before, 3, 'three mails reached the inbox, not 24');
    const network = async (label: string, ip: (i: number) => string) => {
      const out: number[] = [];
      for (let i = 0; i < 14; i++)
        out.push(
          (
            await app.server.inject({
              method: 'POST',
              url: '/api/v1/alerts/email-subscriptions',
              remoteAddress: ip(i),
              payload: { email: `${label}-${i}@example.org`, service: 'facebook' },
            })
          ).statusCode,
        );
      return out;
    };
    const v4 = await network('v4', (i) => `198.18.7.${i + 1}`);
    assert.equal(v4.filter((s) => s === 202).length, 10, `one /24: ${v4}`);
    const v6 = await network('v6', (i) => `2001:db8:77:1::${(i + 1).toString(16)}`);
    assert.equal(v6.filter((s) => s === 202).length, 10, `one /64: ${v6}`);
  });

  test('the public sign-up API is limited per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await app.server.inject({
        method: 'POST',
        url: '/api/v1/alerts/email-subscriptions',
        remoteAddress: '198.51.100.7',
        payload: { email: `p${i}@example.com`, service: 'facebook' },
      });
      statuses.push(res.statusCode);
    }
    assert.ok(statuses.includes(202), String(statuses));
    assert.equal(statuses.at(-1), 429, String(statuses));
  });
});

describe('alerts with the defaults: private targets refused, email disabled with a reason', () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp({ adminToken: TOKEN }, { manualTicks: true });
  });
  after(() => app.cleanup());

  test('a webhook at a private address is refused', async () => {
    for (const url of ['http://127.0.0.1:8080/hook', 'http://192.168.1.10/hook', 'http://localhost/hook']) {
      const res = await app.server.inject({
        method: 'POST',
        url: '/api/v1/alerts/subscriptions',
        headers: admin,
        payload: { channel: { kind: 'slack', url } },
      });
      assert.equal(res.statusCode, 422, url);
      assert.equal(res.json().errors[0].field, 'channel.url');
      assert.match(res.json().errors[0].message, /private or reserved/);
    }
  });

  test('without SMTP settings, email is disabled and says how to enable it', async () => {
    const res = await app.server.inject({
      method: 'POST',
      url: '/api/v1/alerts/email-subscriptions',
      payload: { email: 'someone@example.com' },
    });
    assert.equal(res.statusCode, 422);
    assert.match(res.json().detail, /DOWNWATCH_SMTP_URL and DOWNWATCH_MAIL_FROM/);
    const page = await app.server.inject({ method: 'GET', url: '/subscribe' });
    assert.match(page.body, /Email alerts are not enabled on this server/);
  });
});

describe('a test alert goes through the subscription’s real channel', () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp(
      { adminToken: TOKEN, alertsAllowPrivate: 'true', publicUrl: 'https://downwatch.example' },
      { manualTicks: true },
    );
  });
  after(() => app.cleanup());

  test('POST …/subscriptions/{id}/test delivers to ntfy and reports the receiver’s refusal', async (t) => {
    const rx = await httpReceiver(
      { status: 200, body: '{"id":"x","event":"message"}' },
      ntfyCheck({ rootPath: '/', topic: 'dw-test-topic' }),
    );
    t.after(() => rx.close());
    const created = await app.server.inject({
      method: 'POST',
      url: '/api/v1/alerts/subscriptions',
      headers: admin,
      payload: {
        channel: { kind: 'ntfy', url: `${rx.url}/dw-test-topic` },
        provider: 'meta',
        language: 'vi',
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id as number;

    const sent = await app.server.inject({
      method: 'POST',
      url: `/api/v1/alerts/subscriptions/${id}/test`,
      headers: admin,
    });
    assert.equal(sent.statusCode, 200, sent.body);
    assert.deepEqual(sent.json(), { delivered: true, status: 200 });
    const body = JSON.parse(rx.received.at(-1)?.body ?? '{}') as { title?: string; message?: string };
    assert.match(body.title ?? '', /^Cảnh báo thử: /, 'marked as a test, in the subscriber language');
    assert.match(body.message ?? '', /Không có gì bị sập/);

    rx.answers.push({ status: 403, body: '{"code":40301,"http":403,"error":"forbidden"}' });
    const refused = await app.server.inject({
      method: 'POST',
      url: `/api/v1/alerts/subscriptions/${id}/test`,
      headers: admin,
    });
    assert.equal(refused.statusCode, 200);
    assert.deepEqual(refused.json(), {
      delivered: false,
      status: 403,
      retryable: false,
      reason: 'HTTP 403: forbidden',
    });

    const anonymous = await app.server.inject({
      method: 'POST',
      url: `/api/v1/alerts/subscriptions/${id}/test`,
    });
    assert.equal(anonymous.statusCode, 401);
    const missing = await app.server.inject({
      method: 'POST',
      url: '/api/v1/alerts/subscriptions/999999/test',
      headers: admin,
    });
    assert.equal(missing.statusCode, 404);
    assert.match(String(missing.headers['content-type']), /application\/problem\+json/);
  });
});
