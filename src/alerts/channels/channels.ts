import { z } from 'zod';
import type { ChannelKind } from '../types.ts';
import { type AnyChannel, anyChannel } from './channel.ts';
import { DiscordTarget, discordChannel } from './discord/discord-channel.ts';
import { EmailTarget, emailChannel, type Mailer, smtpMailer } from './email/email-channel.ts';
import { GoogleChatTarget, googleChatChannel } from './googlechat/googlechat-channel.ts';
import { NtfyTarget, ntfyChannel } from './ntfy/ntfy-channel.ts';
import { PagerDutyTarget, pagerDutyChannel } from './pagerduty/pagerduty-channel.ts';
import { SlackTarget, slackChannel } from './slack/slack-channel.ts';
import { TeamsTarget, teamsChannel } from './teams/teams-channel.ts';
import { TelegramTarget, telegramChannel } from './telegram/telegram-channel.ts';
import { WebhookTarget, webhookChannel } from './webhook/webhook-channel.ts';

/** Any channel's target, as the API accepts it (one schema for validation and the OpenAPI document). */
export const ChannelTarget = z
  .discriminatedUnion('kind', [
    WebhookTarget,
    SlackTarget,
    DiscordTarget,
    TelegramTarget,
    EmailTarget,
    NtfyTarget,
    TeamsTarget,
    GoogleChatTarget,
    PagerDutyTarget,
  ])
  .meta({ id: 'ChannelTarget' });
export type ChannelTarget = z.infer<typeof ChannelTarget>;

export const EMAIL_DISABLED =
  'Email alerts are disabled on this server: the operator has not set DOWNWATCH_SMTP_URL and DOWNWATCH_MAIL_FROM.';

/** The channels this instance can deliver through; email only when SMTP is configured. */
export type Channels = {
  get(kind: ChannelKind): AnyChannel | undefined;
  /** The SMTP mailer (confirmation emails), when email is enabled. */
  mailer: Mailer | undefined;
  close(): void;
};

export function createChannels(o: {
  smtp?: { url: string; from: string } | undefined;
  telegramApiUrl: string;
  /** Use this mailer instead of one from `smtp` (tests). */
  mailer?: Mailer;
}): Channels {
  const mailer = o.mailer ?? (o.smtp ? smtpMailer(o.smtp.url, o.smtp.from) : undefined);
  const list: AnyChannel[] = [
    anyChannel(webhookChannel),
    anyChannel(slackChannel),
    anyChannel(discordChannel),
    anyChannel(telegramChannel(o.telegramApiUrl)),
    anyChannel(ntfyChannel),
    anyChannel(teamsChannel),
    anyChannel(googleChatChannel),
    anyChannel(pagerDutyChannel()),
    ...(mailer ? [anyChannel(emailChannel(mailer))] : []),
  ];
  const byKind = new Map(list.map((c) => [c.kind, c]));
  return { get: (kind) => byKind.get(kind), mailer, close: () => mailer?.close() };
}
