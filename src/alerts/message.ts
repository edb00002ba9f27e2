import type { Lang } from '../i18n/languages.ts';
import type { Severity } from '../shared/status-vocabulary.ts';

/** The machine-readable event every channel can carry (the webhook body; Standard Webhooks shape). */
export type AlertEvent = {
  type: 'incident.opened' | 'incident.updated' | 'incident.resolved';
  timestamp: string;
  data: {
    incident: {
      id: number;
      title: string;
      status: string;
      impact: string;
      provider: string;
      startedAt: string;
      detectedAt: string;
      resolvedAt: string | null;
      url: string;
      services: {
        service: string;
        name: string;
        status: string;
        startedAt: string;
        recoveredAt: string | null;
      }[];
    };
    transitions: { kind: string; at: string; service: string | null }[];
    severity: Severity | null;
    subscription: { id: number; scope: { kind: string; value: string } };
    summary: string;
  };
};

/**
 * One alert, rendered in the subscriber's language, ready for any channel: people's channels use
 * the texts, machine receivers the event. `id` is the delivery's idempotency key, the same on every
 * retry, so a receiver can drop a repeat.
 */
export type AlertMessage = {
  id: string;
  lang: Lang;
  kind: 'firing' | 'resolved';
  severity: Severity | null;
  subject: string;
  /** What changed, one line per transition. */
  lines: string[];
  /** The subscriber's services in this incident and their state now. */
  services: { name: string; state: string }[];
  started: string;
  url: string;
  unsubscribeUrl: string;
  labels: { services: string; started: string; details: string; unsubscribe: string; why: string };
  event: AlertEvent;
};

/** The message as plain text (email text part, Telegram, fall-backs). */
export function plainText(m: AlertMessage): string {
  return [
    m.subject,
    '',
    ...m.lines,
    '',
    `${m.labels.services}:`,
    ...m.services.map((s) => `- ${s.name}: ${s.state}`),
    `${m.labels.started}: ${m.started}`,
    '',
    `${m.labels.details}: ${m.url}`,
    '',
    m.labels.why,
    `${m.labels.unsubscribe}: ${m.unsubscribeUrl}`,
  ].join('\n');
}
