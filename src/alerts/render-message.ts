import type { Translator } from '../i18n/translator.ts';
import type { Incident, IncidentService } from '../incidents/types.ts';
import { serviceStateLabelKey, severityLabelKey } from '../shared/status-vocabulary.ts';
import { severityOf } from './decide-alerts.ts';
import type { AlertEvent, AlertMessage } from './message.ts';
import { scopeText } from './scope-text.ts';
import type { DeliveryRecord, SubscriptionRecord } from './types.ts';

const iso = (t: number) => new Date(t).toISOString();

/** The receiver's message id: stable across retries, unique per (first transition, subscription). */
export const messageId = (d: DeliveryRecord): string => `msg_${d.idempotencyKey.replace(':', '_')}`;

/** Public links: the incident page and the one-click unsubscribe. */
export const incidentUrl = (publicUrl: string, id: number): string => `${publicUrl}/incidents/${id}`;
export const unsubscribeUrl = (publicUrl: string, token: string): string =>
  `${publicUrl}/subscribe/unsubscribe?token=${encodeURIComponent(token)}`;

/** The incident's title in the subscriber's language: its provider and services by their local names. */
export function localTitle(i: Incident, tx: Translator): string {
  const names = i.services.map((s) => tx.service(s.service));
  return names.length === 1 ? names[0]! : `${tx.provider(i.groupKey)}: ${names.join(', ')}`;
}

/**
 * Renders a delivery for its subscriber at send time, from the incident as it is now: the subject
 * and lines in their language and time zone, plus the language-neutral event for machines.
 */
export function renderMessage(r: {
  delivery: DeliveryRecord;
  incident: Incident;
  subscription: SubscriptionRecord;
  /** The incident's services this subscription follows. */
  services: IncidentService[];
  texts: Translator;
  publicUrl: string;
  now: number;
}): AlertMessage {
  const { delivery: d, incident: i, subscription: sub, texts: tx } = r;
  const services = r.services.length > 0 ? r.services : i.services;
  const tz = sub.timeZone;
  const last = d.transitions.at(-1);
  const resolved = last?.kind === 'resolved';
  const severity = resolved ? null : severityOf(services);
  const title = localTitle(i, tx);
  const stateOf = (s: IncidentService | undefined) =>
    !s || s.recoveredAt !== null
      ? tx.t(serviceStateLabelKey('operational'))
      : tx.t(serviceStateLabelKey(s.status));
  const byService = new Map(i.services.map((s) => [s.service, s]));
  const started = Math.min(...services.map((s) => s.startedAt));
  const ended = Math.max(...services.map((s) => s.recoveredAt ?? i.resolvedAt ?? r.now));
  const lines = d.transitions.map((t) => {
    const s = t.service === null ? undefined : byService.get(t.service);
    const name = t.service === null ? '' : tx.service(t.service);
    switch (t.kind) {
      case 'opened':
        return tx.t('line.opened', {
          service: name,
          state: stateOf(s),
          time: tx.time(s?.startedAt ?? t.at, 'datetime', tz),
        });
      case 'resolved':
        return tx.t('line.resolved', { duration: tx.duration(Math.max(1, (ended - started) / 60_000)) });
      default:
        return tx.t(`line.${t.kind}`, { service: name, state: stateOf(s) });
    }
  });
  const subject = resolved
    ? tx.t('subject.resolved', { title })
    : tx.t('subject.firing', { severity: tx.t(severityLabelKey(severity ?? 'minor')), title });
  const url = incidentUrl(r.publicUrl, i.id);
  const kinds = new Set(d.transitions.map((t) => t.kind));
  const event: AlertEvent = {
    type: resolved ? 'incident.resolved' : kinds.has('opened') ? 'incident.opened' : 'incident.updated',
    timestamp: iso(r.now),
    data: {
      incident: {
        id: i.id,
        title: i.title,
        status: i.status,
        impact: i.impact,
        provider: i.groupKey,
        startedAt: iso(i.startedAt),
        detectedAt: iso(i.detectedAt),
        resolvedAt: i.resolvedAt === null ? null : iso(i.resolvedAt),
        url,
        services: i.services.map((s) => ({
          service: s.service,
          name: tx.service(s.service),
          status: s.recoveredAt === null ? s.status : 'operational',
          startedAt: iso(s.startedAt),
          recoveredAt: s.recoveredAt === null ? null : iso(s.recoveredAt),
        })),
      },
      transitions: d.transitions.map((t) => ({ kind: t.kind, at: iso(t.at), service: t.service })),
      severity,
      subscription: { id: sub.id, scope: sub.scope },
      summary: subject,
    },
  };
  return {
    id: messageId(d),
    lang: tx.lang,
    kind: resolved ? 'resolved' : 'firing',
    severity,
    subject,
    lines,
    services: services.map((s) => ({ name: tx.service(s.service), state: stateOf(s) })),
    started: tx.time(started, 'datetime', tz),
    url,
    unsubscribeUrl: unsubscribeUrl(r.publicUrl, sub.unsubscribeToken),
    labels: {
      services: tx.t('label.services'),
      started: tx.t('label.started'),
      details: tx.t('label.details'),
      unsubscribe: tx.t('label.unsubscribe'),
      why: tx.t('label.why', { scope: scopeText(tx, sub.scope) }),
    },
    event,
  };
}
