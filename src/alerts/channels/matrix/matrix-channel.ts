import { z } from 'zod';
import { checkUrlHost } from '../../../shared/address-guard.ts';
import { escapeHtml } from '../../../shared/escape-html.ts';
import type { AlertMessage } from '../../message.ts';
import { plainText } from '../../message.ts';
import type { Channel } from '../channel.ts';
import { classifyError, classifyHttp, postTo } from '../http-post.ts';
import { describeUrl } from '../webhook/webhook-channel.ts';

export const MatrixTarget = z.strictObject({
  kind: z.literal('matrix'),
  homeserver: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .describe('The client-server API base of the homeserver, as in https://matrix.example.org'),
  accessToken: z
    .string()
    .regex(/^[\x21-\x7e]{8,500}$/)
    .describe('The access token of the bot account that posts (secret: never shown again)'),
  roomId: z
    .string()
    .regex(/^!.+:.+$/, 'must be a room id such as !abc123:matrix.org (not an alias)')
    .max(255)
    .describe('The room the bot has joined'),
});
export type MatrixTarget = z.infer<typeof MatrixTarget>;

/** An m.room.message of msgtype m.text, with the HTML form clients render (org.matrix.custom.html). */
export function matrixBody(m: AlertMessage): string {
  const html = [
    `<strong>${escapeHtml(m.subject)}</strong>`,
    ...m.lines.map(escapeHtml),
    `<ul>${m.services.map((s) => `<li>${escapeHtml(s.name)}: ${escapeHtml(s.state)}</li>`).join('')}</ul>`,
    `${escapeHtml(m.labels.started)}: ${escapeHtml(m.started)}`,
    `<a href="${escapeHtml(m.url)}">${escapeHtml(m.labels.details)}</a> · <a href="${escapeHtml(m.unsubscribeUrl)}">${escapeHtml(m.labels.unsubscribe)}</a>`,
  ].join('<br>');
  return JSON.stringify({
    msgtype: 'm.text',
    body: plainText(m),
    format: 'org.matrix.custom.html',
    formatted_body: html,
  });
}

/** A homeserver explains a refusal as `{"errcode":"M_FORBIDDEN","error":"…"}` and a rate limit with `retry_after_ms`. */
function matrixError(body: string): { detail: string; retryAfterMs?: number } {
  try {
    const j: unknown = JSON.parse(body);
    if (typeof j === 'object' && j !== null) {
      const code = 'errcode' in j && typeof j.errcode === 'string' ? j.errcode : '';
      const error = 'error' in j && typeof j.error === 'string' ? j.error : '';
      const after =
        'retry_after_ms' in j && typeof j.retry_after_ms === 'number' ? j.retry_after_ms : undefined;
      return {
        detail: [code, error].filter(Boolean).join(': ') || body,
        ...(after === undefined ? {} : { retryAfterMs: after }),
      };
    }
  } catch {
    // not JSON: keep the raw text
  }
  return { detail: body };
}

/**
 * Matrix, through the client-server API: PUT /_matrix/client/v3/rooms/{roomId}/send/m.room.message/{txnId}.
 * The transaction id is the delivery's idempotency key, so a retry after a lost answer is not
 * posted twice (the homeserver drops a repeated transaction of the same token).
 */
export const matrixChannel: Channel<MatrixTarget> = {
  kind: 'matrix',
  target: MatrixTarget,
  check: (t, policy) => checkUrlHost(new URL(t.homeserver), policy),
  describe: (t) => `Matrix room on ${describeUrl(t.homeserver)}`,
  async send(t, message, ctx) {
    const url = `${t.homeserver.replace(/\/+$/, '')}/_matrix/client/v3/rooms/${encodeURIComponent(t.roomId)}/send/m.room.message/${encodeURIComponent(message.id)}`;
    try {
      const r = await postTo(
        url,
        matrixBody(message),
        { 'content-type': 'application/json', authorization: `Bearer ${t.accessToken}` },
        { ...ctx, method: 'PUT' },
      );
      const { detail, retryAfterMs } = matrixError(r.body);
      const result = classifyHttp(r, ctx.now, detail);
      return !result.ok && retryAfterMs !== undefined ? { ...result, retryAfterMs } : result;
    } catch (e) {
      return classifyError(e);
    }
  },
};
