import { z } from 'zod';
import { checkUrlHost } from '../../../shared/address-guard.ts';
import type { Severity } from '../../../shared/status-vocabulary.ts';
import type { AlertMessage } from '../../message.ts';
import { plainText } from '../../message.ts';
import type { Channel } from '../channel.ts';
import { classifyError, classifyHttp, postTo } from '../http-post.ts';

export const OpsgenieTarget = z.strictObject({
  kind: z.literal('opsgenie'),
  apiKey: z
    .uuid('must be the API key of an Opsgenie API integration (a UUID)')
    .describe('The API key of an Opsgenie "API" integration (secret: never shown again)'),
  region: z.enum(['us', 'eu']).default('us').describe('The Opsgenie instance of the account'),
});
export type OpsgenieTarget = z.infer<typeof OpsgenieTarget>;

/** The Alert API's two instances (docs.opsgenie.com, Alert API). */
export const OPSGENIE_API = { us: 'https://api.opsgenie.com', eu: 'https://api.eu.opsgenie.com' };

const PRIORITY: Record<Severity, 'P1' | 'P2' | 'P3'> = { critical: 'P1', major: 'P2', minor: 'P3' };

/** One Opsgenie alert per incident: the alias de-duplicates updates and closes it on recovery. */
export const opsgenieAlias = (m: AlertMessage): string => `downwatch-incident-${m.event.data.incident.id}`;

/** Create alert: message ≤ 130 characters, alias ≤ 512, description ≤ 15,000. */
export function opsgenieCreateBody(m: AlertMessage): string {
  const incident = m.event.data.incident;
  return JSON.stringify({
    message: m.subject.slice(0, 130),
    alias: opsgenieAlias(m),
    description: plainText(m).slice(0, 15_000),
    priority: m.severity === null ? 'P4' : PRIORITY[m.severity],
    source: 'Downwatch',
    entity: incident.provider.slice(0, 512),
    tags: ['downwatch', incident.provider, ...m.services.map((s) => s.name)].filter(Boolean).slice(0, 20),
    details: { url: m.url, started: m.started },
  });
}

/** Opsgenie explains a refusal as `{"message":"…","took":0.002,"requestId":"…"}`. */
function opsgenieError(body: string): string {
  try {
    const j: unknown = JSON.parse(body);
    if (typeof j === 'object' && j !== null && 'message' in j && typeof j.message === 'string')
      return j.message;
  } catch {
    // not JSON: keep the raw text
  }
  return body;
}

/**
 * Opsgenie's Alert API: a firing alert creates (or, by alias, updates) the incident's alert; a
 * recovery closes it by alias. Requests are asynchronous: 202 means accepted. `bases` are the
 * instances' endpoints (tests point them at 127.0.0.1).
 */
export function opsgenieChannel(bases: Record<'us' | 'eu', string> = OPSGENIE_API): Channel<OpsgenieTarget> {
  const base = (t: OpsgenieTarget) => bases[t.region].replace(/\/+$/, '');
  return {
    kind: 'opsgenie',
    target: OpsgenieTarget,
    check: (t, policy) => checkUrlHost(new URL(base(t)), policy),
    describe: (t) => `Opsgenie (${t.region.toUpperCase()} instance)`,
    async send(t, message, ctx) {
      const resolved = message.kind === 'resolved';
      const url = resolved
        ? `${base(t)}/v2/alerts/${encodeURIComponent(opsgenieAlias(message))}/close?identifierType=alias`
        : `${base(t)}/v2/alerts`;
      const body = resolved
        ? JSON.stringify({ source: 'Downwatch', note: message.subject.slice(0, 25_000) })
        : opsgenieCreateBody(message);
      try {
        const r = await postTo(
          url,
          body,
          { 'content-type': 'application/json', authorization: `GenieKey ${t.apiKey}` },
          ctx,
        );
        return classifyHttp(r, ctx.now, opsgenieError(r.body));
      } catch (e) {
        return classifyError(e);
      }
    },
  };
}
