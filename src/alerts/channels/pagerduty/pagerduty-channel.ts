import { z } from 'zod';
import { checkUrlHost } from '../../../shared/address-guard.ts';
import type { Severity } from '../../../shared/status-vocabulary.ts';
import type { AlertMessage } from '../../message.ts';
import type { Channel } from '../channel.ts';
import { classifyError, classifyHttp, postTo } from '../http-post.ts';

export const PagerDutyTarget = z.strictObject({
  kind: z.literal('pagerduty'),
  routingKey: z
    .string()
    .regex(/^[A-Za-z0-9]{32}$/, 'must be the 32-character integration key of an Events API v2 integration')
    .describe('The integration (routing) key of an Events API v2 integration (secret: never shown again)'),
  region: z.enum(['us', 'eu']).default('us').describe('The PagerDuty service region of the account'),
});
export type PagerDutyTarget = z.infer<typeof PagerDutyTarget>;

/** Where each region takes events (developer.pagerduty.com, Events API v2). */
export const PAGERDUTY_EVENTS = { us: 'https://events.pagerduty.com', eu: 'https://events.eu.pagerduty.com' };

/** PagerDuty's four severities, ours mapped onto them. */
const SEVERITY: Record<Severity, 'critical' | 'error' | 'warning'> = {
  critical: 'critical',
  major: 'error',
  minor: 'warning',
};

/** One PagerDuty alert per incident: later alerts update it, the recovery resolves it. */
export const dedupKey = (m: AlertMessage): string => `downwatch-incident-${m.event.data.incident.id}`;

export function pagerDutyBody(m: AlertMessage, routingKey: string): string {
  const incident = m.event.data.incident;
  if (m.kind === 'resolved')
    return JSON.stringify({ routing_key: routingKey, event_action: 'resolve', dedup_key: dedupKey(m) });
  return JSON.stringify({
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: dedupKey(m),
    payload: {
      summary: m.subject.slice(0, 1024),
      source: incident.provider || 'downwatch',
      severity: m.severity === null ? 'info' : SEVERITY[m.severity],
      timestamp: incident.startedAt,
      group: incident.provider,
      class: incident.impact,
      component: m.services
        .map((s) => s.name)
        .join(', ')
        .slice(0, 255),
      custom_details: {
        changes: m.lines,
        services: Object.fromEntries(m.services.map((s) => [s.name, s.state])),
        [m.labels.started]: m.started,
      },
    },
    client: 'Downwatch',
    client_url: m.url,
    links: [{ href: m.url, text: m.labels.details }],
  });
}

/** PagerDuty explains a refusal as `{"status":"invalid event","message":"…","errors":["…"]}`. */
function pagerDutyError(body: string): string {
  try {
    const j: unknown = JSON.parse(body);
    if (typeof j === 'object' && j !== null) {
      const errors =
        'errors' in j && Array.isArray(j.errors) ? j.errors.filter((e) => typeof e === 'string') : [];
      const message = 'message' in j && typeof j.message === 'string' ? j.message : '';
      if (message || errors.length) return [message, ...errors].filter(Boolean).join(': ');
    }
  } catch {
    // not JSON: keep the raw text
  }
  return body;
}

/**
 * PagerDuty Events API v2: a trigger per firing alert and a resolve on recovery, both with the
 * incident's dedup_key. 202 is accepted; 400 (an invalid event or key) is final; 429 and 5xx are
 * retried. `bases` are the regions' endpoints (tests point them at 127.0.0.1).
 */
export function pagerDutyChannel(
  bases: Record<'us' | 'eu', string> = PAGERDUTY_EVENTS,
): Channel<PagerDutyTarget> {
  const endpoint = (t: PagerDutyTarget) => `${bases[t.region].replace(/\/+$/, '')}/v2/enqueue`;
  return {
    kind: 'pagerduty',
    target: PagerDutyTarget,
    check: (t, policy) => checkUrlHost(new URL(endpoint(t)), policy),
    describe: (t) => `PagerDuty Events v2 (${t.region.toUpperCase()} service region)`,
    async send(t, message, ctx) {
      try {
        const r = await postTo(
          endpoint(t),
          pagerDutyBody(message, t.routingKey),
          { 'content-type': 'application/json' },
          ctx,
        );
        return classifyHttp(r, ctx.now, pagerDutyError(r.body));
      } catch (e) {
        return classifyError(e);
      }
    },
  };
}
