import type { Catalog } from '../catalog/catalog.ts';
import { translatorFor } from '../i18n/translator.ts';
import type { IncidentsRepo } from '../incidents/incidents-repo.ts';
import type { AddressPolicy } from '../shared/address-guard.ts';
import { type Backoff, retryDelay } from './backoff.ts';
import type { SendResult } from './channels/channel.ts';
import type { Channels } from './channels/channels.ts';
import { relevantServices } from './decide-alerts.ts';
import { renderMessage } from './render-message.ts';
import type { AlertsStore } from './repo/alerts-store.ts';
import type { AttemptOutcome, ChannelKind, DeliveryRecord } from './types.ts';

/** What a finished attempt tells the rest of the app (metrics). */
export type AttemptReport = {
  channel: ChannelKind;
  outcome: 'sent' | 'retry' | 'dead';
  durationMs: number;
};

export type WorkerDeps = {
  alerts: AlertsStore;
  incidents: IncidentsRepo;
  catalog: Catalog;
  channels: Channels;
  now: () => number;
  random: () => number;
  publicUrl: string;
  policy: AddressPolicy;
  maxAttempts: number;
  backoff: Backoff;
  /** Per send; the claim's lease is twice this, so a stalled node's delivery is taken over. */
  timeoutMs: number;
  onAttempt?: (r: AttemptReport) => void;
};

const failure = (reason: string): SendResult => ({ ok: false, retryable: false, status: null, reason });

/** Renders and sends one claimed delivery; never throws (a failure is a result for the log). */
async function attempt(d: WorkerDeps, delivery: DeliveryRecord, now: number): Promise<SendResult | 'cancel'> {
  const sub = await d.alerts.getSubscription(delivery.subscriptionId);
  if (sub?.state !== 'active') return 'cancel';
  const channel = d.channels.get(sub.channel);
  if (!channel) return failure(`the ${sub.channel} channel is not enabled on this server`);
  if (!channel.target.safeParse(sub.target).success)
    return failure('the stored target is not valid any more');
  const found = await d.incidents.getIncident(delivery.incidentId);
  if (!found) return failure(`incident ${delivery.incidentId} does not exist`);
  const services = relevantServices(found.incident, sub.scope, {
    providerOf: (slug) => d.catalog.bySlug.get(slug)?.provider,
    categories: new Set([sub.scope.value]),
    now,
    groupWaitMs: 0,
    groupIntervalMs: 0,
  });
  const message = renderMessage({
    delivery,
    incident: found.incident,
    subscription: sub,
    services,
    texts: translatorFor(sub.language, d.catalog),
    publicUrl: d.publicUrl,
    now,
  });
  try {
    return await channel.send(sub.target, message, {
      policy: d.policy,
      timeoutMs: d.timeoutMs,
      signingSecret: sub.signingSecret,
      now,
    });
  } catch (e) {
    return { ok: false, retryable: true, status: null, reason: `unexpected: ${(e as Error).message}` };
  }
}

/**
 * Sends the deliveries that are due, once each: claim (conditional update with a lease), render in
 * the subscriber's language, send, record the attempt. A failure is retried with exponential
 * backoff and jitter until `maxAttempts`, then kept as a dead letter with its reason; a failure
 * that cannot get better (a 4xx, a refused address) goes there at once.
 */
export async function deliverDue(d: WorkerDeps, limit = 50, concurrency = 4): Promise<number> {
  const ids = await d.alerts.dueDeliveries(d.now(), limit);
  let next = 0;
  let sent = 0;
  const lane = async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      const start = d.now();
      const claimed = await d.alerts.claimDelivery(id, start, start + 2 * d.timeoutMs + 5_000);
      if (!claimed) continue;
      const t0 = performance.now();
      const result = await attempt(d, claimed, start);
      const durationMs = performance.now() - t0;
      const at = d.now();
      if (result === 'cancel') {
        await d.alerts.cancelDelivery(id, at);
        continue;
      }
      const outcome: AttemptOutcome = result.ok
        ? { state: 'sent' }
        : !result.retryable || claimed.attempts >= d.maxAttempts
          ? { state: 'dead' }
          : {
              state: 'pending',
              dueAt: at + retryDelay(claimed.attempts, d.backoff, d.random, result.retryAfterMs),
            };
      await d.alerts.finishAttempt(
        id,
        claimed.attempts,
        {
          at,
          ok: result.ok,
          statusCode: result.status,
          error: result.ok ? null : result.reason,
          durationMs,
        },
        outcome,
      );
      if (result.ok) sent++;
      d.onAttempt?.({
        channel: claimed.channel,
        outcome: outcome.state === 'sent' ? 'sent' : outcome.state === 'dead' ? 'dead' : 'retry',
        durationMs,
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, lane));
  return sent;
}
