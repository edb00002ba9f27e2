import { z } from 'zod';
import { checkUrlHost } from '../../../shared/address-guard.ts';
import type { Channel } from '../channel.ts';
import { classifyError, classifyHttp, postTo } from '../http-post.ts';
import { signatureHeaders } from './sign.ts';

export const WebhookTarget = z.strictObject({
  kind: z.literal('webhook'),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .describe('Where the signed JSON is POSTed'),
});
export type WebhookTarget = z.infer<typeof WebhookTarget>;

/** The receiver's path may carry a token: only scheme and host are shown. */
export const describeUrl = (url: string): string => {
  const u = new URL(url);
  return `${u.protocol}//${u.host}/…`;
};

/**
 * A generic webhook signed per the Standard Webhooks specification: the JSON event as the body,
 * `webhook-id` the delivery's idempotency key (the same on every retry), signed with the
 * subscription's own secret.
 */
export const webhookChannel: Channel<WebhookTarget> = {
  kind: 'webhook',
  target: WebhookTarget,
  check: (t, policy) => checkUrlHost(new URL(t.url), policy),
  describe: (t) => `webhook ${describeUrl(t.url)}`,
  async send(t, message, ctx) {
    if (!ctx.signingSecret)
      return { ok: false, retryable: false, status: null, reason: 'the subscription has no signing secret' };
    const body = JSON.stringify(message.event);
    const headers = {
      'content-type': 'application/json',
      ...signatureHeaders(ctx.signingSecret, message.id, Math.floor(ctx.now / 1000), body),
    };
    try {
      return classifyHttp(await postTo(t.url, body, headers, ctx), ctx.now);
    } catch (e) {
      return classifyError(e);
    }
  },
};
