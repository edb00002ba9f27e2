import { NotFoundError, ValidationError } from '../../shared/errors.ts';
import type { AlertsContext } from '../alerts-context.ts';
import type { DeliveryState, SubscriptionState } from '../types.ts';
import type { DeliveryDetail, DeliveryView, SubscriptionView } from './subscription-schema.ts';
import { deliveryDetail, deliveryView, subscriptionView } from './views.ts';

export async function listSubscriptions(
  ctx: AlertsContext,
  q: { state?: SubscriptionState | undefined; limit: number; before?: number | undefined },
): Promise<SubscriptionView[]> {
  return (await ctx.alerts.listSubscriptions(q)).map((s) => subscriptionView(s, ctx.channels));
}

export async function getSubscription(ctx: AlertsContext, id: number): Promise<SubscriptionView> {
  const s = await ctx.alerts.getSubscription(id);
  if (!s) throw new NotFoundError(`There is no subscription ${id}.`, 'id');
  return subscriptionView(s, ctx.channels);
}

/** The delivery log, newest first. */
export async function listDeliveries(
  ctx: AlertsContext,
  q: {
    subscription?: number | undefined;
    incident?: number | undefined;
    state?: DeliveryState | undefined;
    limit: number;
    before?: number | undefined;
  },
): Promise<DeliveryView[]> {
  return (
    await ctx.alerts.listDeliveries({
      subscriptionId: q.subscription,
      incidentId: q.incident,
      state: q.state,
      limit: q.limit,
      before: q.before,
    })
  ).map(deliveryView);
}

/** One delivery with every attempt (time, status code, error, duration). */
export async function getDelivery(ctx: AlertsContext, id: number): Promise<DeliveryDetail> {
  const d = await ctx.alerts.getDelivery(id);
  if (!d) throw new NotFoundError(`There is no delivery ${id}.`, 'id');
  return deliveryDetail(d.delivery, d.attempts);
}

/** Puts a dead letter back in the queue (after the receiver was fixed). */
export async function retryDelivery(ctx: AlertsContext, id: number): Promise<DeliveryDetail> {
  if (!(await ctx.alerts.requeueDelivery(id, ctx.clock.now()))) {
    const d = await ctx.alerts.getDelivery(id);
    if (!d) throw new NotFoundError(`There is no delivery ${id}.`, 'id');
    throw new ValidationError('Only a dead or cancelled delivery of an active subscription can be retried.', [
      { field: 'id', message: `it is ${d.delivery.state}` },
    ]);
  }
  return getDelivery(ctx, id);
}
