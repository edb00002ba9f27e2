import { NotFoundError, ValidationError } from '../../shared/errors.ts';
import type { AlertsContext } from '../alerts-context.ts';
import { newSigningSecret } from '../channels/webhook/sign.ts';
import type { SubscriptionRecord } from '../types.ts';
import type { SubscriptionView } from './subscription-schema.ts';
import { hashToken } from './tokens.ts';
import { subscriptionView } from './views.ts';

const INVALID_LINK = 'This link is not valid, or it was already used.';

/** The pending subscription of an emailed confirm token, without confirming it (the page asks first). */
export async function pendingForConfirmToken(ctx: AlertsContext, token: string): Promise<SubscriptionRecord> {
  const s = await ctx.alerts.findPendingByConfirmToken(hashToken(token));
  if (!s) throw new NotFoundError(INVALID_LINK, 'token');
  return s;
}

/** Double opt-in: the emailed token turns a pending subscription active, once. */
export async function confirmSubscription(ctx: AlertsContext, token: string): Promise<SubscriptionRecord> {
  const s = await ctx.alerts.confirmSubscription(hashToken(token), ctx.clock.now());
  if (!s) throw new NotFoundError(INVALID_LINK, 'token');
  return s;
}

/** The subscription an unsubscribe link belongs to (the page shows what it will stop). */
export async function subscriptionForToken(ctx: AlertsContext, token: string): Promise<SubscriptionRecord> {
  const s = await ctx.alerts.findByUnsubscribeToken(token);
  if (!s) throw new NotFoundError(INVALID_LINK, 'token');
  return s;
}

/**
 * Ends a subscription by its one-click link or, for the operator, by id, and cancels what was not
 * sent. Repeating it is harmless (mail clients may POST the one-click link twice).
 */
export async function unsubscribe(
  ctx: AlertsContext,
  by: { token: string } | { id: number },
): Promise<SubscriptionView> {
  const ended = await ctx.alerts.endSubscription(by, ctx.clock.now());
  const s =
    ended ??
    ('token' in by
      ? await ctx.alerts.findByUnsubscribeToken(by.token)
      : await ctx.alerts.getSubscription(by.id));
  if (!s)
    throw 'token' in by
      ? new NotFoundError(INVALID_LINK, 'token')
      : new NotFoundError(`There is no subscription ${by.id}.`, 'id');
  return subscriptionView(s, ctx.channels);
}

/** A new Standard Webhooks secret for a webhook subscription; the old one stops working at once. */
export async function rotateSigningSecret(ctx: AlertsContext, id: number): Promise<string> {
  const s = await ctx.alerts.getSubscription(id);
  if (!s) throw new NotFoundError(`There is no subscription ${id}.`, 'id');
  if (s.channel !== 'webhook')
    throw new ValidationError('Only webhook subscriptions are signed.', [
      { field: 'id', message: 'not a webhook' },
    ]);
  const secret = newSigningSecret();
  if (!(await ctx.alerts.setSigningSecret(id, secret)))
    throw new ValidationError('The subscription has ended.', [{ field: 'id', message: 'unsubscribed' }]);
  return secret;
}
