import type { Catalog } from '../../catalog/catalog.ts';
import { DEFAULT_CATALOG_DIR } from '../../catalog/default-catalog-dir.ts';
import { loadCatalog } from '../../catalog/load-catalog.ts';
import { translatorFor } from '../../i18n/translator.ts';
import type { Incident, IncidentService } from '../../incidents/types.ts';
import type { AlertMessage } from '../message.ts';
import { renderMessage } from '../render-message.ts';
import type { DeliveryRecord, SubscriptionRecord } from '../types.ts';

/** 2024-03-05 15:39 UTC: the documented Meta login outage. */
export const T0 = Date.UTC(2024, 2, 5, 15, 39);

let catalog: Catalog | undefined;
export const builtinCatalog = (): Catalog => {
  catalog ??= loadCatalog([DEFAULT_CATALOG_DIR]);
  return catalog;
};

export const incidentService = (slug: string, over: Partial<IncidentService> = {}): IncidentService => ({
  service: slug,
  status: 'major_outage',
  startedAt: T0,
  detectedAt: T0 + 60_000,
  recoveredAt: null,
  peakAt: T0 + 120_000,
  peakRate: 500,
  ...over,
});

export const metaIncident = (over: Partial<Incident> = {}): Incident => ({
  id: 7,
  groupKey: 'meta',
  title: 'Meta: Facebook, Instagram',
  status: 'investigating',
  impact: 'critical',
  startedAt: T0,
  detectedAt: T0 + 60_000,
  peakAt: T0 + 120_000,
  peakRate: 900,
  resolvedAt: null,
  updatedAt: T0 + 120_000,
  services: [incidentService('facebook'), incidentService('instagram', { status: 'partial_outage' })],
  ...over,
});

export const subscriptionRecord = (over: Partial<SubscriptionRecord> = {}): SubscriptionRecord => ({
  id: 3,
  channel: 'webhook',
  target: { kind: 'webhook', url: 'https://hooks.example.com/in/secret-path' },
  scope: { kind: 'provider', value: 'meta' },
  minSeverity: 'minor',
  quietHours: null,
  timeZone: 'Asia/Ho_Chi_Minh',
  language: 'en',
  state: 'active',
  signingSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  unsubscribeToken: 'unsub-token-123',
  createdAt: T0 - 86_400_000,
  confirmedAt: T0 - 86_400_000,
  endedAt: null,
  ...over,
});

export const deliveryRecord = (over: Partial<DeliveryRecord> = {}): DeliveryRecord => ({
  id: 11,
  idempotencyKey: '41:3',
  subscriptionId: 3,
  incidentId: 7,
  channel: 'webhook',
  transitions: [
    { event: 41, kind: 'opened', at: T0 + 60_000, service: 'facebook' },
    { event: 42, kind: 'service_added', at: T0 + 120_000, service: 'instagram' },
  ],
  state: 'sending',
  attempts: 1,
  dueAt: T0 + 90_000,
  leaseUntil: null,
  lastError: null,
  createdAt: T0 + 60_000,
  finishedAt: null,
  ...over,
});

/** A rendered alert about the Meta incident in a language. */
export function sampleMessage(lang = 'en', over: Partial<SubscriptionRecord> = {}): AlertMessage {
  const incident = metaIncident();
  return renderMessage({
    delivery: deliveryRecord(),
    incident,
    subscription: subscriptionRecord({ language: lang, ...over }),
    services: incident.services,
    texts: translatorFor(lang, builtinCatalog()),
    publicUrl: 'https://downwatch.example',
    now: T0 + 150_000,
  });
}
