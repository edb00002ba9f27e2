import { z } from 'zod';
import { checkUrlHost } from '../../../shared/address-guard.ts';
import type { AlertMessage } from '../../message.ts';
import type { Channel } from '../channel.ts';
import { classifyError, classifyHttp, postTo } from '../http-post.ts';
import { describeUrl } from '../webhook/webhook-channel.ts';

export const DiscordTarget = z.strictObject({
  kind: z.literal('discord'),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .describe('A Discord channel webhook URL'),
});
export type DiscordTarget = z.infer<typeof DiscordTarget>;

const COLOR = { minor: 0xd29922, major: 0xdb6d28, critical: 0xcf222e, resolved: 0x1a7f37 } as const;

/** One embed; mentions are disabled so a service name can never ping anyone. */
export function discordBody(m: AlertMessage): string {
  const services = m.services.map((s) => `• ${s.name}: ${s.state}`).join('\n');
  return JSON.stringify({
    content: m.subject.slice(0, 2000),
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title: m.subject.slice(0, 256),
        url: m.url,
        description: [...m.lines, '', `**${m.labels.services}**`, services].join('\n').slice(0, 4000),
        color: COLOR[m.kind === 'resolved' ? 'resolved' : (m.severity ?? 'minor')],
        timestamp: m.event.timestamp,
        footer: { text: `${m.labels.started}: ${m.started}`.slice(0, 2000) },
        fields: [{ name: m.labels.unsubscribe, value: m.unsubscribeUrl.slice(0, 1024) }],
      },
    ],
  });
}

/** Discord webhooks answer 204 (or 200 with ?wait=true); 429 carries Retry-After. */
export const discordChannel: Channel<DiscordTarget> = {
  kind: 'discord',
  target: DiscordTarget,
  check: (t, policy) => checkUrlHost(new URL(t.url), policy),
  describe: (t) => `Discord ${describeUrl(t.url)}`,
  async send(t, message, ctx) {
    try {
      return classifyHttp(
        await postTo(t.url, discordBody(message), { 'content-type': 'application/json' }, ctx),
        ctx.now,
      );
    } catch (e) {
      return classifyError(e);
    }
  },
};
