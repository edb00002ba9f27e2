import { z } from 'zod';
import { checkUrlHost } from '../../../shared/address-guard.ts';
import { escapeHtml } from '../../../shared/escape-html.ts';
import type { AlertMessage } from '../../message.ts';
import type { Channel } from '../channel.ts';
import { classifyError, classifyHttp, postTo } from '../http-post.ts';

export const TelegramTarget = z.strictObject({
  kind: z.literal('telegram'),
  botToken: z
    .string()
    .regex(/^\d{3,20}:[A-Za-z0-9_-]{20,100}$/, 'must be a bot token from @BotFather ("123456:ABC…")')
    .describe('The bot token (secret: never shown again)'),
  chatId: z
    .union([z.number().int(), z.string().regex(/^(-?\d{1,20}|@[A-Za-z0-9_]{5,32})$/)])
    .describe('A chat id or @channelusername the bot may post to'),
});
export type TelegramTarget = z.infer<typeof TelegramTarget>;

/** Telegram's HTML mode: bold subject, the changes, the services, then the links. */
export function telegramText(m: AlertMessage): string {
  return [
    `<b>${escapeHtml(m.subject)}</b>`,
    '',
    ...m.lines.map(escapeHtml),
    '',
    ...m.services.map((s) => `• ${escapeHtml(s.name)}: ${escapeHtml(s.state)}`),
    `${escapeHtml(m.labels.started)}: ${escapeHtml(m.started)}`,
    '',
    `<a href="${escapeHtml(m.url)}">${escapeHtml(m.labels.details)}</a> · <a href="${escapeHtml(m.unsubscribeUrl)}">${escapeHtml(m.labels.unsubscribe)}</a>`,
  ]
    .join('\n')
    .slice(0, 4096);
}

/** Telegram bot messages (sendMessage). The Bot API's base URL is the operator's (tests point it at 127.0.0.1). */
export function telegramChannel(apiUrl: string): Channel<TelegramTarget> {
  const base = apiUrl.replace(/\/+$/, '');
  return {
    kind: 'telegram',
    target: TelegramTarget,
    check: (_t, policy) => checkUrlHost(new URL(base), policy),
    describe: (t) => `Telegram chat ${t.chatId}`,
    async send(t, message, ctx) {
      const body = JSON.stringify({
        chat_id: t.chatId,
        text: telegramText(message),
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
      });
      try {
        const r = await postTo(
          `${base}/bot${t.botToken}/sendMessage`,
          body,
          { 'content-type': 'application/json' },
          ctx,
        );
        // The Bot API explains failures in `description` and rate limits in `parameters.retry_after`.
        let detail = r.body;
        let retryAfterMs: number | undefined;
        try {
          const j = JSON.parse(r.body) as { description?: unknown; parameters?: { retry_after?: unknown } };
          if (typeof j.description === 'string') detail = j.description;
          if (typeof j.parameters?.retry_after === 'number') retryAfterMs = j.parameters.retry_after * 1000;
        } catch {
          // not JSON: keep the raw text
        }
        const result = classifyHttp(r, ctx.now, detail);
        return !result.ok && retryAfterMs !== undefined ? { ...result, retryAfterMs } : result;
      } catch (e) {
        return classifyError(e);
      }
    },
  };
}
