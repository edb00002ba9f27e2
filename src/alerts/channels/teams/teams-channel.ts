import { z } from 'zod';
import { checkUrlHost } from '../../../shared/address-guard.ts';
import type { AlertMessage } from '../../message.ts';
import type { Channel } from '../channel.ts';
import { classifyError, classifyHttp, postTo } from '../http-post.ts';
import { describeUrl } from '../webhook/webhook-channel.ts';

export const TeamsTarget = z.strictObject({
  kind: z.literal('teams'),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .describe(
      'The URL of a Teams workflow "When a Teams webhook request is received" (secret: never shown again)',
    ),
});
export type TeamsTarget = z.infer<typeof TeamsTarget>;

const text = (t: string, more: Record<string, unknown> = {}) => ({
  type: 'TextBlock',
  text: t,
  wrap: true,
  ...more,
});

/**
 * The Adaptive Card (schema 1.4, what Teams renders) inside the message envelope the workflow's
 * "Post card in a chat or channel" step takes: `type: message` with one attachment of content type
 * `application/vnd.microsoft.card.adaptive`.
 */
export function teamsBody(m: AlertMessage): string {
  const resolved = m.kind === 'resolved';
  return JSON.stringify({
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            text(m.subject, {
              size: 'Medium',
              weight: 'Bolder',
              style: 'heading',
              color: resolved ? 'Good' : 'Attention',
            }),
            ...m.lines.map((l) => text(l)),
            {
              type: 'FactSet',
              facts: [
                ...m.services.map((s) => ({ title: s.name, value: s.state })),
                { title: m.labels.started, value: m.started },
              ],
            },
            text(m.labels.why, { isSubtle: true, size: 'Small' }),
          ],
          actions: [
            { type: 'Action.OpenUrl', title: m.labels.details, url: m.url },
            { type: 'Action.OpenUrl', title: m.labels.unsubscribe, url: m.unsubscribeUrl },
          ],
        },
      },
    ],
  });
}

/**
 * Microsoft Teams through a Workflows webhook (the Office 365 connectors are retired): the flow
 * answers 202 when it accepted the request; 4xx (a deleted or disabled flow, a bad card) will not
 * get better.
 */
export const teamsChannel: Channel<TeamsTarget> = {
  kind: 'teams',
  target: TeamsTarget,
  check: (t, policy) => checkUrlHost(new URL(t.url), policy),
  describe: (t) => `Microsoft Teams ${describeUrl(t.url)}`,
  async send(t, message, ctx) {
    try {
      return classifyHttp(
        await postTo(t.url, teamsBody(message), { 'content-type': 'application/json' }, ctx),
        ctx.now,
      );
    } catch (e) {
      return classifyError(e);
    }
  },
};
