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

const googleRefusal = (message: string, code = 400, status = 'INVALID_ARGUMENT'): Answer =>
  refuse({ error: { code, message, status } }, code);

/**
 * developers.google.com/workspace/chat: a webhook is POST …/v1/spaces/SPACE/messages?key=…&token=…;
 * `thread.threadKey` threads only with a `messageReplyOption`; the text is at most 4,096 characters.
 */
const ChatMessage = z.strictObject({
  text: z.string().min(1).max(4096),
  thread: z.strictObject({ threadKey: z.string().min(1).max(4000) }).optional(),
});

export function googleChatCheck(o: { space: string; key: string; token: string }): RequestCheck {
  return (r) => {
    const u = new URL(r.path, 'http://x');
    if (r.method !== 'POST' || u.pathname !== `/v1/spaces/${o.space}/messages`)
      return googleRefusal('Requested entity was not found.', 404, 'NOT_FOUND');
    if (u.searchParams.get('key') !== o.key || u.searchParams.get('token') !== o.token)
      return googleRefusal('Request had invalid authentication credentials.', 401, 'UNAUTHENTICATED');
    const parsed = ChatMessage.safeParse(jsonBody(r));
    if (!parsed.success)
      return googleRefusal(`Invalid JSON payload received. ${parsed.error.message.slice(0, 200)}`);
    const option = u.searchParams.get('messageReplyOption');
    if (option && !['REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD', 'REPLY_MESSAGE_OR_FAIL'].includes(option))
      return googleRefusal('Invalid value at messageReplyOption');
    return null;
  };
}

/** developer.pagerduty.com, Events API v2 "Send an Alert Event": what POST /v2/enqueue accepts. */
const PdTrigger = z.strictObject({
  routing_key: z.string().length(32),
  event_action: z.literal('trigger'),
  dedup_key: z.string().min(1).max(255).optional(),
  payload: z.strictObject({
    summary: z.string().min(1).max(1024),
    source: z.string().min(1),
    severity: z.enum(['critical', 'error', 'warning', 'info']),
    timestamp: z.iso.datetime({ offset: true }).optional(),
    component: z.string().optional(),
    group: z.string().optional(),
    class: z.string().optional(),
    custom_details: z.record(z.string(), z.unknown()).optional(),
  }),
  images: z.array(z.object({ src: z.string() })).optional(),
  links: z.array(z.strictObject({ href: z.url(), text: z.string().optional() })).optional(),
  client: z.string().optional(),
  client_url: z.url().optional(),
});
const PdFollowUp = z.strictObject({
  routing_key: z.string().length(32),
  event_action: z.enum(['acknowledge', 'resolve']),
  dedup_key: z.string().min(1).max(255),
});

export function pagerDutyCheck(routingKey: string): RequestCheck {
  return (r) => {
    if (r.method !== 'POST' || r.path !== '/v2/enqueue' || !isJson(r))
      return refuse({
        status: 'invalid event',
        message: 'Event object is invalid',
        errors: ['not an event'],
      });
    const body = jsonBody(r);
    const parsed = PdTrigger.safeParse(body).success || PdFollowUp.safeParse(body).success;
    if (!parsed)
      return refuse({
        status: 'invalid event',
        message: 'Event object is invalid',
        errors: ['payload invalid'],
      });
    if (typeof body === 'object' && body !== null && 'routing_key' in body && body.routing_key !== routingKey)
      return refuse({
        status: 'invalid event',
        message: 'Event object is invalid',
        errors: ['Invalid routing key'],
      });
    return null;
  };
}

/** docs.opsgenie.com, Alert API: create (POST /v2/alerts) and close by alias; `GenieKey` auth. */
const OgCreate = z.strictObject({
  message: z.string().min(1).max(130),
  alias: z.string().max(512).optional(),
  description: z.string().max(15_000).optional(),
  responders: z.array(z.unknown()).max(50).optional(),
  visibleTo: z.array(z.unknown()).max(50).optional(),
  actions: z.array(z.string().max(50)).max(10).optional(),
  tags: z.array(z.string().max(50)).max(20).optional(),
  details: z.record(z.string(), z.string()).optional(),
  entity: z.string().max(512).optional(),
  source: z.string().max(100).optional(),
  priority: z.enum(['P1', 'P2', 'P3', 'P4', 'P5']).optional(),
  user: z.string().max(100).optional(),
  note: z.string().max(25_000).optional(),
});
const OgClose = z.strictObject({
  user: z.string().max(100).optional(),
  source: z.string().max(100).optional(),
  note: z.string().max(25_000).optional(),
});
const ogRefusal = (message: string, status = 422): Answer =>
  refuse({ message, took: 0.001, requestId: '9ae63dd7-ed00-4c81-86f0-c4ffd33142c9' }, status);

export function opsgenieCheck(apiKey: string): RequestCheck {
  return (r) => {
    if (r.headers.authorization !== `GenieKey ${apiKey}`) return ogRefusal('Key format is not valid!', 401);
    if (r.method !== 'POST' || !isJson(r)) return ogRefusal('Request body is not processable.');
    const u = new URL(r.path, 'http://x');
    const close = /^\/v2\/alerts\/([^/]+)\/close$/.exec(u.pathname);
    if (close) {
      if (u.searchParams.get('identifierType') !== 'alias') return ogRefusal('Alert does not exist', 404);
      return OgClose.safeParse(jsonBody(r)).success ? null : ogRefusal('Request body is not processable.');
    }
    if (u.pathname !== '/v2/alerts') return ogRefusal('Could not find the resource', 404);
    const parsed = OgCreate.safeParse(jsonBody(r));
    return parsed.success
      ? null
      : ogRefusal(`Request body is not processable. ${parsed.error.message.slice(0, 200)}`);
  };
}

/** spec.matrix.org, client-server API: PUT …/rooms/{roomId}/send/{eventType}/{txnId} with a bearer token. */
const RoomMessage = z.object({
  msgtype: z.string().startsWith('m.'),
  body: z.string().min(1),
  format: z.literal('org.matrix.custom.html').optional(),
  formatted_body: z.string().optional(),
});
const matrixRefusal = (errcode: string, error: string, status: number): Answer =>
  refuse({ errcode, error }, status);

export function matrixCheck(o: { accessToken: string; roomId: string }): RequestCheck {
  return (r) => {
    if (r.headers.authorization !== `Bearer ${o.accessToken}`)
      return matrixRefusal('M_UNKNOWN_TOKEN', 'Invalid access token passed.', 401);
    const m = /^\/_matrix\/client\/v3\/rooms\/([^/]+)\/send\/([^/]+)\/([^/]+)$/.exec(r.path);
    if (r.method !== 'PUT' || !m) return matrixRefusal('M_UNRECOGNIZED', 'Unrecognized request', 404);
    if (decodeURIComponent(m[1] ?? '') !== o.roomId)
      return matrixRefusal('M_FORBIDDEN', 'User is not in the room.', 403);
    if (m[2] !== 'm.room.message') return matrixRefusal('M_UNRECOGNIZED', 'Unrecognized event type', 400);
    return RoomMessage.safeParse(jsonBody(r)).success
      ? null
      : matrixRefusal('M_BAD_JSON', 'Content is not a message', 400);
  };
}
