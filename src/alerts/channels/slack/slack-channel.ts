import { z } from 'zod';
import { checkUrlHost } from '../../../shared/address-guard.ts';
import type { AlertMessage } from '../../message.ts';
import type { Channel } from '../channel.ts';
import { classifyError, classifyHttp, postTo } from '../http-post.ts';
import { describeUrl } from '../webhook/webhook-channel.ts';

export const SlackTarget = z.strictObject({
  kind: z.literal('slack'),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .describe('A Slack incoming webhook URL'),
});
export type SlackTarget = z.infer<typeof SlackTarget>;

/** Slack's mrkdwn needs only &, < and > escaped. */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Block Kit: a header, what changed, the services, and the links. `text` is the notification fall-back. */
export function slackBody(m: AlertMessage): string {
  return JSON.stringify({
    text: m.subject,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: m.subject.slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: m.lines.map(esc).join('\n').slice(0, 3000) } },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `*${esc(m.labels.services)}*\n${m.services.map((s) => `• ${esc(s.name)}: ${esc(s.state)}`).join('\n')}\n*${esc(m.labels.started)}:* ${esc(m.started)}`.slice(
            0,
            3000,
          ),
        },
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `<${m.url}|${esc(m.labels.details)}> · <${m.unsubscribeUrl}|${esc(m.labels.unsubscribe)}>`,
          },
        ],
      },
    ],
  });
}

/** Slack incoming webhooks: 200 "ok"; 4xx (no_service, channel_is_archived…) will not get better. */
export const slackChannel: Channel<SlackTarget> = {
  kind: 'slack',
  target: SlackTarget,
  check: (t, policy) => checkUrlHost(new URL(t.url), policy),
  describe: (t) => `Slack ${describeUrl(t.url)}`,
  async send(t, message, ctx) {
    try {
      return classifyHttp(
        await postTo(t.url, slackBody(message), { 'content-type': 'application/json' }, ctx),
        ctx.now,
      );
    } catch (e) {
      return classifyError(e);
    }
  },
};
