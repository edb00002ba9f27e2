import { isLang } from '../../i18n/languages.ts';
import type { Channels } from '../channels/channels.ts';
import { formatClock } from '../quiet-hours.ts';
import type { AttemptRecord, DeliveryRecord, SubscriptionRecord } from '../types.ts';
import type { DeliveryDetail, DeliveryView, SubscriptionView } from './subscription-schema.ts';

const iso = (t: number) => new Date(t).toISOString();
const isoOrNull = (t: number | null) => (t === null ? null : iso(t));

/** The public face of a subscription: the channel described without its secrets. */
export function subscriptionView(s: SubscriptionRecord, channels: Channels): SubscriptionView {
  let description: string = s.channel;
  try {
    description = channels.get(s.channel)?.describe(s.target) ?? s.channel;
  } catch {
    // a target that no longer parses is described by its kind only
  }
  return {
    id: s.id,
    channel: { kind: s.channel, description },
    scope: s.scope,
    minSeverity: s.minSeverity,
    quietHours: s.quietHours && { from: formatClock(s.quietHours.from), to: formatClock(s.quietHours.to) },
    timeZone: s.timeZone,
    language: isLang(s.language) ? s.language : 'en',
    state: s.state,
    createdAt: iso(s.createdAt),
    confirmedAt: isoOrNull(s.confirmedAt),
    endedAt: isoOrNull(s.endedAt),
  };
}

export const deliveryView = (d: DeliveryRecord): DeliveryView => ({
  id: d.id,
  idempotencyKey: d.idempotencyKey,
  subscriptionId: d.subscriptionId,
  incidentId: d.incidentId,
  channel: d.channel,
  state: d.state,
  attempts: d.attempts,
  dueAt: iso(d.dueAt),
  lastError: d.lastError,
  createdAt: iso(d.createdAt),
  finishedAt: isoOrNull(d.finishedAt),
  transitions: d.transitions.map((t) => ({ kind: t.kind, at: iso(t.at), service: t.service })),
});

export const deliveryDetail = (d: DeliveryRecord, attempts: AttemptRecord[]): DeliveryDetail => ({
  ...deliveryView(d),
  log: attempts.map((a) => ({
    at: iso(a.at),
    ok: a.ok,
    statusCode: a.statusCode,
    error: a.error,
    durationMs: a.durationMs,
  })),
});
