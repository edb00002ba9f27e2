import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sampleMessage } from '../testing/fixtures.ts';
import type { ChannelKind } from '../types.ts';
import { type ChannelHarness, type ContractReceiver, channelContract } from './channel.contract.ts';
import { anyChannel, type Channel } from './channel.ts';
import { discordChannel } from './discord/discord-channel.ts';
import { emailChannel, smtpMailer } from './email/email-channel.ts';
import { googleChatChannel } from './googlechat/googlechat-channel.ts';
import { matrixChannel } from './matrix/matrix-channel.ts';
import { ntfyChannel } from './ntfy/ntfy-channel.ts';
import { opsgenieChannel } from './opsgenie/opsgenie-channel.ts';
import { pagerDutyChannel } from './pagerduty/pagerduty-channel.ts';
import { slackChannel } from './slack/slack-channel.ts';
import { teamsChannel } from './teams/teams-channel.ts';
import { telegramChannel } from './telegram/telegram-channel.ts';
import { type Answer, httpReceiver, type RequestCheck } from './testing/http-receiver.ts';
import { parseMail } from './testing/parse-mail.ts';
import {
  googleChatCheck,
  matrixCheck,
  ntfyCheck,
  opsgenieCheck,
  pagerDutyCheck,
  teamsCheck,
} from './testing/service-checks.ts';
import { smtpReceiver } from './testing/smtp-receiver.ts';
import { webhookChannel } from './webhook/webhook-channel.ts';

const urlTarget = (t: unknown): string => (t as { url: string }).url;

/** A harness for channels that POST to a URL in the target; `permanent` is the receiver's refusal. */
function urlHarness<T extends { kind: ChannelKind }>(
  name: string,
  channel: Channel<T>,
  permanent: Answer,
  ok: Answer = { status: 200, body: 'ok' },
  check?: RequestCheck,
): ChannelHarness {
  const c = anyChannel(channel);
  return {
    name,
    async start(): Promise<ContractReceiver> {
      const rx = await httpReceiver(ok, check);
      return {
        channel: c,
        target: { kind: channel.kind, url: `${rx.url}/hooks/T000/B000/secret-token-xyz` },
        texts: () => rx.received.map((x) => x.body),
        failNext: (kind) =>
          rx.answers.push(
            kind === 'transient' ? { status: 503, body: 'busy', headers: { 'retry-after': '7' } } : permanent,
          ),
        close: rx.close,
      };
    },
    secrets: (t) => [new URL(urlTarget(t)).pathname],
    privateTarget: (r) => r.target,
    badTargets: [
      { kind: channel.kind, url: 'ftp://example.com/x' },
      { kind: channel.kind, url: 'not a url' },
      { kind: channel.kind },
      { kind: channel.kind, url: 'https://example.com', extra: 1 },
    ],
  };
}

channelContract(urlHarness('webhook', webhookChannel, { status: 410, body: 'gone' }));
channelContract(urlHarness('slack', slackChannel, { status: 404, body: 'no_service' }));
channelContract(
  urlHarness(
    'discord',
    discordChannel,
    { status: 404, body: '{"message": "Unknown Webhook", "code": 10015}' },
    { status: 204 },
  ),
);

const BOT_TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
channelContract({
  name: 'telegram',
  async start() {
    const rx = await httpReceiver({ status: 200, body: '{"ok":true,"result":{"message_id":1}}' });
    return {
      channel: anyChannel(telegramChannel(rx.url)),
      target: { kind: 'telegram', botToken: BOT_TOKEN, chatId: -1001234567890 },
      texts: () => rx.received.map((x) => x.body),
      failNext: (kind) =>
        rx.answers.push(
          kind === 'transient'
            ? {
                status: 429,
                body: '{"ok":false,"error_code":429,"description":"Too Many Requests","parameters":{"retry_after":3}}',
              }
            : {
                status: 403,
                body: '{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}',
              },
        ),
      close: rx.close,
    };
  },
  secrets: () => [BOT_TOKEN, BOT_TOKEN.split(':')[1]!],
  privateTarget: (r) => r.target,
  badTargets: [
    { kind: 'telegram', botToken: 'nope', chatId: 1 },
    { kind: 'telegram', botToken: BOT_TOKEN },
    { kind: 'telegram', botToken: BOT_TOKEN, chatId: 'drop table' },
  ],
});

channelContract({
  name: 'email',
  async start() {
    const rx = await smtpReceiver();
    const mailer = smtpMailer(rx.url, 'Downwatch <alerts@downwatch.example>', 5_000);
    return {
      channel: anyChannel(emailChannel(mailer)),
      target: { kind: 'email', address: 'ops.team@example.com' },
      texts: () =>
        rx.messages.map((m) => {
          const mail = parseMail(m.raw);
          return [mail.headers.get('subject'), mail.text, mail.html].join('\n');
        }),
      failNext: (kind) => rx.failures.push(kind === 'transient' ? 451 : 550),
      close: async () => {
        mailer.close();
        await rx.close();
      },
    };
  },
  secrets: () => ['ops.team'],
  privateTarget: { skip: 'the SMTP server is the operator’s own setting, not a user-given address' },
  badTargets: [
    { kind: 'email', address: 'not-an-address' },
    { kind: 'email' },
    { kind: 'email', address: 'a@b.co', url: 'x' },
  ],
});

channelContract(
  urlHarness(
    'ntfy',
    ntfyChannel,
    { status: 403, body: '{"code":40301,"http":403,"error":"forbidden"}' },
    { status: 200, body: '{"id":"sPs71M8A2T","event":"message","topic":"secret-token-xyz"}' },
    ntfyCheck({ rootPath: '/hooks/T000/B000/', topic: 'secret-token-xyz' }),
  ),
);
channelContract(
  urlHarness(
    'microsoft teams (workflows)',
    teamsChannel,
    {
      status: 404,
      body: '{"error":{"code":"WorkflowNotFound","message":"The workflow could not be found."}}',
    },
    { status: 202 },
    teamsCheck,
  ),
);

const CHAT = {
  space: 'AAAAbW9rNmE',
  key: 'AIzaSyDdI0hCZtE6vySjMm-WEfRq3CPzqKqqsHI',
  token: 'secret-token-xyz',
};
channelContract({
  name: 'google chat',
  async start() {
    const rx = await httpReceiver(
      { status: 200, body: '{"name":"spaces/AAAAbW9rNmE/messages/1"}' },
      googleChatCheck(CHAT),
    );
    return {
      channel: anyChannel(googleChatChannel),
      target: {
        kind: 'googlechat',
        url: `${rx.url}/v1/spaces/${CHAT.space}/messages?key=${CHAT.key}&token=${CHAT.token}`,
      },
      texts: () => rx.received.map((x) => x.body),
      failNext: (kind) =>
        rx.answers.push(
          kind === 'transient'
            ? {
                status: 429,
                body: '{"error":{"code":429,"message":"Resource has been exhausted","status":"RESOURCE_EXHAUSTED"}}',
              }
            : {
                status: 404,
                body: '{"error":{"code":404,"message":"Requested entity was not found.","status":"NOT_FOUND"}}',
              },
        ),
      close: rx.close,
    };
  },
  secrets: () => [CHAT.key, CHAT.token, CHAT.space],
  privateTarget: (r) => r.target,
  badTargets: [
    { kind: 'googlechat', url: 'ftp://example.com/x' },
    { kind: 'googlechat' },
    { kind: 'googlechat', url: 'https://chat.googleapis.com', extra: 1 },
  ],
});

const ROUTING_KEY = 'R0ZH2ML4A8Q6C2F9B1D7E5G3H0J4K6N8';
async function pagerDutyReceiver() {
  const rx = await httpReceiver(
    { status: 202, body: '{"status":"success","message":"Event processed","dedup_key":"x"}' },
    pagerDutyCheck(ROUTING_KEY),
  );
  return { rx, channel: anyChannel(pagerDutyChannel({ us: rx.url, eu: rx.url })) };
}
channelContract({
  name: 'pagerduty events v2',
  async start() {
    const { rx, channel } = await pagerDutyReceiver();
    return {
      channel,
      target: { kind: 'pagerduty', routingKey: ROUTING_KEY },
      texts: () => rx.received.map((x) => x.body),
      failNext: (kind) =>
        rx.answers.push(
          kind === 'transient'
            ? { status: 429, body: '' }
            : {
                status: 400,
                body: '{"status":"invalid event","message":"Event object is invalid","errors":["Invalid routing key"]}',
              },
        ),
      close: rx.close,
    };
  },
  secrets: () => [ROUTING_KEY],
  privateTarget: (r) => r.target,
  badTargets: [
    { kind: 'pagerduty', routingKey: 'short' },
    { kind: 'pagerduty' },
    { kind: 'pagerduty', routingKey: ROUTING_KEY, region: 'mars' },
    { kind: 'pagerduty', routingKey: ROUTING_KEY, url: 'https://example.com' },
  ],
});

const ctx = { policy: { allowPrivate: true }, timeoutMs: 5_000, signingSecret: null, now: Date.now() };

test('pagerduty: an incident triggers once and its recovery resolves the same dedup_key', async () => {
  const { rx, channel } = await pagerDutyReceiver();
  try {
    const target = { kind: 'pagerduty', routingKey: ROUTING_KEY, region: 'eu' };
    const firing = sampleMessage();
    assert.equal((await channel.send(target, firing, ctx)).ok, true);
    assert.equal((await channel.send(target, { ...firing, kind: 'resolved' }, ctx)).ok, true);
    const [trigger, resolve] = rx.received.map((r) => JSON.parse(r.body) as Record<string, unknown>);
    assert.equal(trigger?.event_action, 'trigger');
    assert.equal(resolve?.event_action, 'resolve');
    assert.equal(trigger?.dedup_key, 'downwatch-incident-7');
    assert.equal(resolve?.dedup_key, trigger?.dedup_key);
  } finally {
    await rx.close();
  }
});

test("google chat: every alert of an incident goes to the incident's thread", async () => {
  const rx = await httpReceiver({ status: 200, body: '{}' }, googleChatCheck(CHAT));
  try {
    const target = {
      kind: 'googlechat',
      url: `${rx.url}/v1/spaces/${CHAT.space}/messages?key=${CHAT.key}&token=${CHAT.token}`,
    };
    const c = anyChannel(googleChatChannel);
    assert.equal((await c.send(target, sampleMessage(), ctx)).ok, true);
    assert.equal((await c.send(target, { ...sampleMessage(), kind: 'resolved' }, ctx)).ok, true);
    const keys = rx.received.map(
      (r) => (JSON.parse(r.body) as { thread: { threadKey: string } }).thread.threadKey,
    );
    assert.deepEqual(keys, ['downwatch-incident-7', 'downwatch-incident-7']);
    for (const r of rx.received)
      assert.equal(
        new URL(r.path, 'http://x').searchParams.get('messageReplyOption'),
        'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD',
      );
  } finally {
    await rx.close();
  }
});

const GENIE_KEY = 'eb243592-faa2-4ba2-a551-1afdf565c889';
async function opsgenieReceiver() {
  const rx = await httpReceiver(
    {
      status: 202,
      body: '{"result":"Request will be processed","took":0.302,"requestId":"43a29c5c-3dbf-4fa4-9c26-f4f71023e120"}',
    },
    opsgenieCheck(GENIE_KEY),
  );
  return { rx, channel: anyChannel(opsgenieChannel({ us: rx.url, eu: rx.url })) };
}
channelContract({
  name: 'opsgenie',
  async start() {
    const { rx, channel } = await opsgenieReceiver();
    return {
      channel,
      target: { kind: 'opsgenie', apiKey: GENIE_KEY },
      texts: () => rx.received.map((x) => x.body),
      failNext: (kind) =>
        rx.answers.push(
          kind === 'transient'
            ? { status: 429, body: '{"message":"Request throttled","took":0.001}' }
            : { status: 403, body: '{"message":"You are not authorized to take this action.","took":0.001}' },
        ),
      close: rx.close,
    };
  },
  secrets: () => [GENIE_KEY],
  privateTarget: (r) => r.target,
  badTargets: [
    { kind: 'opsgenie', apiKey: 'not-a-key' },
    { kind: 'opsgenie' },
    { kind: 'opsgenie', apiKey: GENIE_KEY, region: 'asia' },
  ],
});

test('opsgenie: an incident is one alert by alias, closed by that alias on recovery', async () => {
  const { rx, channel } = await opsgenieReceiver();
  try {
    const target = { kind: 'opsgenie', apiKey: GENIE_KEY };
    assert.equal((await channel.send(target, sampleMessage(), ctx)).ok, true);
    assert.equal((await channel.send(target, { ...sampleMessage(), kind: 'resolved' }, ctx)).ok, true);
    const [create, close] = rx.received;
    assert.equal(create?.path, '/v2/alerts');
    assert.equal((JSON.parse(create?.body ?? '{}') as { alias?: string }).alias, 'downwatch-incident-7');
    assert.equal(close?.path, '/v2/alerts/downwatch-incident-7/close?identifierType=alias');
  } finally {
    await rx.close();
  }
});

const MATRIX = {
  accessToken: 'syt_ZG93bndhdGNo_secretTokenXyz_0aBcDe',
  roomId: '!ops8Gq:matrix.example.org',
};
channelContract({
  name: 'matrix',
  async start() {
    const rx = await httpReceiver(
      { status: 200, body: '{"event_id":"$YUwRidLecu:example.com"}' },
      matrixCheck(MATRIX),
    );
    return {
      channel: anyChannel(matrixChannel),
      target: { kind: 'matrix', homeserver: rx.url, ...MATRIX },
      texts: () => rx.received.map((x) => x.body),
      failNext: (kind) =>
        rx.answers.push(
          kind === 'transient'
            ? {
                status: 429,
                body: '{"errcode":"M_LIMIT_EXCEEDED","error":"Too many requests","retry_after_ms":2000}',
              }
            : { status: 403, body: '{"errcode":"M_FORBIDDEN","error":"User is not in the room."}' },
        ),
      close: rx.close,
    };
  },
  secrets: () => [MATRIX.accessToken],
  privateTarget: (r) => r.target,
  badTargets: [
    { kind: 'matrix', homeserver: 'ftp://example.com', ...MATRIX },
    {
      kind: 'matrix',
      homeserver: 'https://matrix.example.org',
      accessToken: MATRIX.accessToken,
      roomId: '#ops:example.org',
    },
    { kind: 'matrix', homeserver: 'https://matrix.example.org', roomId: MATRIX.roomId },
  ],
});
