import { z } from 'zod';
import { checkUrlHost } from '../../../shared/address-guard.ts';
import type { AlertMessage } from '../../message.ts';
import type { Channel } from '../channel.ts';
import { classifyError, classifyHttp, postTo } from '../http-post.ts';
import { describeUrl } from '../webhook/webhook-channel.ts';

export const GoogleChatTarget = z.strictObject({
  kind: z.literal('googlechat'),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .describe('A Google Chat space webhook URL, with its key and token (secret: never shown again)'),
});
export type GoogleChatTarget = z.infer<typeof GoogleChatTarget>;

/** Google Chat's text format: *bold*, and links as <url|text>; `<`, `>` and `&` are escaped. */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One thread per incident: every later alert of the incident is a reply in it. */
export const threadKey = (m: AlertMessage): string => `downwatch-incident-${m.event.data.incident.id}`;

export function googleChatBody(m: AlertMessage): string {
  const text = [
    `*${esc(m.subject)}*`,
    ...m.lines.map(esc),
    '',
    ...m.services.map((s) => `• ${esc(s.name)}: ${esc(s.state)}`),
    `${esc(m.labels.started)}: ${esc(m.started)}`,
    '',
    `<${m.url}|${esc(m.labels.details)}> · <${m.unsubscribeUrl}|${esc(m.labels.unsubscribe)}>`,
  ]
    .join('\n')
    .slice(0, 4000);
  return JSON.stringify({ text, thread: { threadKey: threadKey(m) } });
}

/**
 * The webhook URL with the reply option that makes `thread.threadKey` work: reply in the
 * incident's thread, or start it (developers.google.com/workspace/chat/quickstart/webhooks).
 */
export function threadedUrl(url: string): string {
  const u = new URL(url);
  u.searchParams.set('messageReplyOption', 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD');
  return u.toString();
}

/** Google explains a refusal as `{"error":{"code":400,"message":"…","status":"INVALID_ARGUMENT"}}`. */
export function googleError(body: string): string {
  try {
    const j: unknown = JSON.parse(body);
    if (typeof j === 'object' && j !== null && 'error' in j) {
      const e: unknown = j.error;
      if (typeof e === 'object' && e !== null && 'message' in e && typeof e.message === 'string')
        return e.message;
    }
  } catch {
    // not JSON: keep the raw text
  }
  return body;
}

/** Google Chat incoming webhooks: 200 with the created message; 4xx (a deleted webhook) is final. */
export const googleChatChannel: Channel<GoogleChatTarget> = {
  kind: 'googlechat',
  target: GoogleChatTarget,
  check: (t, policy) => checkUrlHost(new URL(t.url), policy),
  describe: (t) => `Google Chat ${describeUrl(t.url)}`,
  async send(t, message, ctx) {
    try {
      const r = await postTo(
        threadedUrl(t.url),
        googleChatBody(message),
        { 'content-type': 'application/json; charset=UTF-8' },
        ctx,
      );
      return classifyHttp(r, ctx.now, googleError(r.body));
    } catch (e) {
      return classifyError(e);
    }
  },
};
