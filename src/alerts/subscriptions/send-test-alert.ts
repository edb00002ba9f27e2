import { z } from 'zod';
import { translatorFor } from '../../i18n/translator.ts';
import type { Incident } from '../../incidents/types.ts';
import { NotFoundError, ValidationError } from '../../shared/errors.ts';
import type { AlertsContext } from '../alerts-context.ts';
import { EMAIL_DISABLED } from '../channels/channels.ts';
import type { AlertMessage } from '../message.ts';
import { renderMessage } from '../render-message.ts';
import type { SubscriptionRecord } from '../types.ts';

/** How the test went: what the real channel answered, for the person who pressed the button. */
export const TestAlertResult = z
  .object({
    delivered: z.boolean(),
    status: z.number().int().nullable().describe('The receiver’s HTTP status (or SMTP reply), if any'),
    retryable: z.boolean().optional().describe('Whether the failure may pass by itself'),
    reason: z.string().optional().describe('Why it failed, as the receiver said'),
  })
  .meta({ id: 'TestAlertResult' });
export type TestAlertResult = z.infer<typeof TestAlertResult>;

/** A test is incident 0: no real incident has that id, so a machine receiver can tell it apart. */
export const TEST_INCIDENT_ID = 0;

/** A service the subscription follows, so the test looks like the alerts it will get. */
function sampleService(ctx: AlertsContext, sub: SubscriptionRecord): string {
  const { services } = ctx.catalog;
  const s =
    sub.scope.kind === 'service'
      ? services.find((x) => x.slug === sub.scope.value)
      : sub.scope.kind === 'provider'
        ? services.find((x) => x.provider === sub.scope.value)
        : sub.scope.kind === 'category'
          ? services.find((x) => x.categories.some((c) => c.id === sub.scope.value))
          : undefined;
  return (s ?? services[0])?.slug ?? sub.scope.value;
}

/** The test message: an alert like the real ones, marked as a test in the subscriber's language. */
export function testMessage(ctx: AlertsContext, sub: SubscriptionRecord, now: number): AlertMessage {
  const service = sampleService(ctx, sub);
  const groupKey = ctx.catalog.bySlug.get(service)?.provider ?? service;
  const incident: Incident = {
    id: TEST_INCIDENT_ID,
    groupKey,
    title: service,
    status: 'investigating',
    impact: 'minor',
    startedAt: now,
    detectedAt: now,
    peakAt: now,
    peakRate: 0,
    resolvedAt: null,
    updatedAt: now,
    services: [
      {
        service,
        status: 'degraded_performance',
        startedAt: now,
        detectedAt: now,
        recoveredAt: null,
        peakAt: now,
        peakRate: 0,
      },
    ],
  };
  const texts = translatorFor(sub.language, ctx.catalog);
  const m = renderMessage({
    delivery: {
      id: 0,
      idempotencyKey: `test-${sub.id}:${now}`,
      subscriptionId: sub.id,
      incidentId: TEST_INCIDENT_ID,
      channel: sub.channel,
      transitions: [{ event: 0, kind: 'opened', at: now, service }],
      state: 'sending',
      attempts: 1,
      dueAt: now,
      leaseUntil: null,
      lastError: null,
      createdAt: now,
      finishedAt: null,
    },
    incident,
    subscription: sub,
    services: incident.services,
    texts,
    publicUrl: ctx.publicUrl,
    now,
  });
  const subject = texts.t('test.subject', { subject: m.subject });
  return {
    ...m,
    subject,
    lines: [texts.t('test.line'), ...m.lines],
    event: { ...m.event, data: { ...m.event.data, summary: subject } },
  };
}

/**
 * Sends a test alert through the subscription's real channel, now, ignoring quiet hours and the
 * queue, and says what the receiver answered. Not written to the delivery log: it is no incident.
 */
export async function sendTestAlert(
  ctx: AlertsContext,
  id: number,
  timeoutMs = 10_000,
): Promise<TestAlertResult> {
  const sub = await ctx.alerts.getSubscription(id);
  if (!sub) throw new NotFoundError(`There is no subscription ${id}.`, 'id');
  if (sub.state === 'unsubscribed')
    throw new ValidationError('This subscription has ended; there is nothing to test.', [
      { field: 'id', message: 'it is unsubscribed' },
    ]);
  const channel = ctx.channels.get(sub.channel);
  if (!channel) throw new ValidationError(EMAIL_DISABLED, [{ field: 'id', message: EMAIL_DISABLED }]);
  const now = ctx.clock.now();
  const r = await channel.send(sub.target, testMessage(ctx, sub, now), {
    policy: ctx.policy,
    timeoutMs,
    signingSecret: sub.signingSecret,
    now,
  });
  return r.ok
    ? { delivered: true, status: r.status }
    : { delivered: false, status: r.status, retryable: r.retryable, reason: r.reason };
}
