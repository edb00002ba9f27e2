import { z } from 'zod';
import type { Answer, Received, RequestCheck } from './http-receiver.ts';

/**
 * What each service documents it accepts, as schemas the local receivers check every request
 * against: a channel that sends what the real service would refuse fails the contract suite.
 */
const refuse = (body: unknown, status = 400): Answer => ({ status, body: JSON.stringify(body) });

function jsonBody(r: Received): unknown {
  try {
    return JSON.parse(r.body);
  } catch {
    return undefined;
  }
}

const isJson = (r: Received) => String(r.headers['content-type'] ?? '').startsWith('application/json');

/** docs.ntfy.sh/publish, "Publish as JSON": POST to the server root, the topic in the body. */
const NtfyJson = z.strictObject({
  topic: z.string().regex(/^[-_A-Za-z0-9]{1,64}$/),
  message: z.string().max(4096).optional(),
  title: z.string().optional(),
  tags: z.array(z.string()).optional(),
  priority: z.number().int().min(1).max(5).optional(),
  actions: z
    .array(
      z.strictObject({
        action: z.enum(['view', 'broadcast', 'http']),
        label: z.string().min(1),
        url: z.url().optional(),
        clear: z.boolean().optional(),
      }),
    )
    .max(3)
    .optional(),
  click: z.url().optional(),
  markdown: z.boolean().optional(),
});

export function ntfyCheck(o: { rootPath: string; topic: string; token?: string }): RequestCheck {
  return (r) => {
    if (r.method !== 'POST' && r.method !== 'PUT')
      return refuse({ code: 40501, http: 405, error: 'method not allowed' }, 405);
    if (r.path !== o.rootPath) return refuse({ code: 40401, http: 404, error: 'page not found' }, 404);
    if (o.token && r.headers.authorization !== `Bearer ${o.token}`)
      return refuse({ code: 40301, http: 403, error: 'forbidden' }, 403);
    const parsed = NtfyJson.safeParse(jsonBody(r));
    if (!parsed.success)
      return refuse({ code: 40024, http: 400, error: 'invalid request: JSON body invalid' });
    if (parsed.data.topic !== o.topic) return refuse({ code: 40301, http: 403, error: 'forbidden' }, 403);
    return null;
  };
}

/** An Adaptive Card element as Teams renders them (adaptivecards.io schema 1.4, the parts we use). */
const TextBlock = z.object({
  type: z.literal('TextBlock'),
  text: z.string().min(1),
  wrap: z.boolean().optional(),
});
const FactSet = z.object({
  type: z.literal('FactSet'),
  facts: z.array(z.strictObject({ title: z.string(), value: z.string() })).min(1),
});
const AdaptiveCard = z.object({
  $schema: z.literal('http://adaptivecards.io/schemas/adaptive-card.json').optional(),
  type: z.literal('AdaptiveCard'),
  version: z.string().regex(/^1\.[0-5]$/),
  body: z.array(z.union([TextBlock, FactSet])).min(1),
  actions: z
    .array(z.strictObject({ type: z.literal('Action.OpenUrl'), title: z.string().min(1), url: z.url() }))
    .optional(),
});

/**
 * learn.microsoft.com, "Create incoming webhooks with Workflows for Microsoft Teams": the flow
 * takes a message whose attachments hold an Adaptive Card; it answers 202 Accepted.
 */
const TeamsMessage = z.object({
  type: z.literal('message'),
  attachments: z
    .array(
      z.object({
        contentType: z.literal('application/vnd.microsoft.card.adaptive'),
        contentUrl: z.null().optional(),
        content: AdaptiveCard,
      }),
    )
    .min(1),
});

export const teamsCheck: RequestCheck = (r) => {
  if (r.method !== 'POST' || !isJson(r))
    return refuse({
      error: { code: 'InvalidRequestContent', message: 'The request content is not valid JSON.' },
    });
  const parsed = TeamsMessage.safeParse(jsonBody(r));
  return parsed.success
    ? null
    : refuse({ error: { code: 'TriggerInputSchemaMismatch', message: parsed.error.message.slice(0, 200) } });
};
