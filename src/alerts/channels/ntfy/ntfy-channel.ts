import { z } from 'zod';
import { checkUrlHost } from '../../../shared/address-guard.ts';
import type { AlertMessage } from '../../message.ts';
import { plainText } from '../../message.ts';
import type { Channel } from '../channel.ts';
import { classifyError, classifyHttp, postTo } from '../http-post.ts';

/** ntfy's topic names: letters, digits, `-` and `_`, at most 64. */
const TOPIC = /^[-_A-Za-z0-9]{1,64}$/;

export const NtfyTarget = z.strictObject({
  kind: z.literal('ntfy'),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .refine((u) => URL.canParse(u) && TOPIC.test(new URL(u).pathname.split('/').at(-1) ?? ''), {
      message: 'must end in a topic name (letters, digits, - and _), as in https://ntfy.sh/mytopic',
    })
    .describe('The topic URL, as in https://ntfy.sh/mytopic (the topic is a password: never shown again)'),
  token: z
    .string()
    .regex(/^[\x21-\x7e]{1,200}$/)
    .optional()
    .describe('An access token (tk_…) for a protected topic (secret: never shown again)'),
});
export type NtfyTarget = z.infer<typeof NtfyTarget>;

/** The topic and the server's root, where ntfy takes JSON messages that name their topic. */
export function ntfyEndpoint(url: string): { root: string; topic: string } {
  const u = new URL(url);
  const topic = u.pathname.split('/').at(-1) ?? '';
  return { root: new URL('.', u).toString(), topic };
}

/** ntfy's priorities: 5 is "max" (a phone rings through do-not-disturb), 3 the default. */
const PRIORITY = { critical: 5, major: 4, minor: 3 } as const;

/**
 * ntfy's JSON publishing (docs.ntfy.sh/publish, "Publish as JSON"): the topic in the body, the
 * notification's title, message, priority, tags (emoji short codes), what a tap opens, and a
 * "view" action button.
 */
export function ntfyBody(m: AlertMessage, topic: string): string {
  const resolved = m.kind === 'resolved';
  // The subject is the title already; the rest of the plain text, within ntfy's 4,096-byte limit.
  const message = plainText(m).split('\n').slice(1).join('\n').trim();
  return JSON.stringify({
    topic,
    title: m.subject.slice(0, 250),
    message: Buffer.from(message)
      .subarray(0, 3900)
      .toString('utf8')
      .replace(/\uFFFD$/, ''),
    priority: resolved || m.severity === null ? 3 : PRIORITY[m.severity],
    tags: [resolved ? 'white_check_mark' : 'rotating_light'],
    click: m.url,
    actions: [{ action: 'view', label: m.labels.details.slice(0, 40), url: m.url, clear: true }],
  });
}

/** ntfy explains a refusal as `{"code":40301,"http":403,"error":"forbidden"}`. */
function ntfyError(body: string): string {
  try {
    const j: unknown = JSON.parse(body);
    if (typeof j === 'object' && j !== null && 'error' in j && typeof j.error === 'string') return j.error;
  } catch {
    // not JSON: keep the raw text
  }
  return body;
}

/** ntfy (ntfy.sh or a self-hosted server): push notifications to phones and desktops. */
export const ntfyChannel: Channel<NtfyTarget> = {
  kind: 'ntfy',
  target: NtfyTarget,
  check: (t, policy) => checkUrlHost(new URL(t.url), policy),
  describe: (t) => `ntfy ${new URL(t.url).host}`,
  async send(t, message, ctx) {
    const { root, topic } = ntfyEndpoint(t.url);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (t.token) headers.authorization = `Bearer ${t.token}`;
    try {
      const r = await postTo(root, ntfyBody(message, topic), headers, ctx);
      return classifyHttp(r, ctx.now, ntfyError(r.body));
    } catch (e) {
      return classifyError(e);
    }
  },
};
