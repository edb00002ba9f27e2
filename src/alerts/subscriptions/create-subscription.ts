import { translatorFor } from '../../i18n/translator.ts';
import { BlockedAddressError } from '../../shared/address-guard.ts';
import { NotFoundError, UnavailableError, ValidationError } from '../../shared/errors.ts';
import { parseOrThrow } from '../../shared/zod-issues.ts';
import type { AlertsContext } from '../alerts-context.ts';
import { EMAIL_DISABLED } from '../channels/channels.ts';
import { confirmationEmail } from '../channels/email/email-body.ts';
import { newSigningSecret } from '../channels/webhook/sign.ts';
import { parseClock } from '../quiet-hours.ts';
import { scopeText } from '../scope-text.ts';
import type { Scope, SubscriptionRecord } from '../types.ts';
import { EmailSubscriptionInput, SubscriptionInput, type SubscriptionView } from './subscription-schema.ts';
import { hashToken, newToken } from './tokens.ts';
import { subscriptionView } from './views.ts';

/** The scope named by the input, checked against the catalog. */
function scopeOf(ctx: AlertsContext, i: { service?: string; provider?: string; category?: string }): Scope {
  if (i.service !== undefined) {
    if (!ctx.catalog.bySlug.has(i.service))
      throw new NotFoundError(`There is no service "${i.service}".`, 'service');
    return { kind: 'service', value: i.service };
  }
  if (i.provider !== undefined) {
    if (!ctx.catalog.providers.some((p) => p.slug === i.provider))
      throw new NotFoundError(`There is no provider "${i.provider}".`, 'provider');
    return { kind: 'provider', value: i.provider };
  }
  if (i.category !== undefined) {
    if (!ctx.catalog.categories.has(i.category))
      throw new NotFoundError(`There is no problem category "${i.category}".`, 'category');
    return { kind: 'category', value: i.category };
  }
  return { kind: 'all', value: '' };
}

/** Mails the double opt-in link; the subscription stays pending (and harmless) if this fails. */
async function sendConfirmation(ctx: AlertsContext, s: SubscriptionRecord, address: string, token: string) {
  const mailer = ctx.channels.mailer;
  if (!mailer) throw new ValidationError(EMAIL_DISABLED, [{ field: 'email', message: EMAIL_DISABLED }]);
  const tx = translatorFor(s.language, ctx.catalog);
  const scope = scopeText(tx, s.scope);
  const sent = await mailer.send(
    address,
    confirmationEmail({
      lang: tx.lang,
      subject: tx.t('confirm.subject', { scope }),
      body: tx.t('confirm.body', { scope }),
      action: tx.t('confirm.action'),
      url: `${ctx.publicUrl}/subscribe/confirm?token=${encodeURIComponent(token)}`,
    }),
  );
  if (!sent.ok) throw new UnavailableError('The confirmation email could not be sent; try again later.', 60);
}

export type Created = { subscription: SubscriptionView; signingSecret?: string };

/**
 * Creates a subscription. Webhooks get their own signing secret (returned here, once); email
 * addresses start pending and get a confirmation link (double opt-in); other channels start at once.
 * Targets at private addresses are refused unless the operator allows them.
 */
export async function createSubscription(ctx: AlertsContext, body: unknown): Promise<Created> {
  const input = parseOrThrow(SubscriptionInput, body, 'subscription');
  const scope = scopeOf(ctx, input);
  const channel = ctx.channels.get(input.channel.kind);
  if (!channel)
    throw new ValidationError(EMAIL_DISABLED, [{ field: 'channel.kind', message: EMAIL_DISABLED }]);
  try {
    channel.check(input.channel, ctx.policy);
  } catch (e) {
    if (!(e instanceof BlockedAddressError)) throw e;
    throw new ValidationError('The target is not allowed.', [{ field: 'channel.url', message: e.message }]);
  }
  const email = input.channel.kind === 'email' ? input.channel.address : undefined;
  const confirmToken = email ? newToken() : undefined;
  const signingSecret = input.channel.kind === 'webhook' ? newSigningSecret() : undefined;
  const record = {
    channel: input.channel.kind,
    target: input.channel,
    scope,
    minSeverity: input.minSeverity,
    quietHours: input.quietHours
      ? { from: parseClock(input.quietHours.from), to: parseClock(input.quietHours.to) }
      : null,
    timeZone: input.timeZone,
    language: input.language,
    state: email ? ('pending' as const) : ('active' as const),
    signingSecret: signingSecret ?? null,
    unsubscribeToken: newToken(),
    createdAt: ctx.clock.now(),
    confirmTokenHash: confirmToken ? hashToken(confirmToken) : null,
  };
  const id = await ctx.alerts.insertSubscription(record);
  const saved: SubscriptionRecord = {
    ...record,
    id,
    confirmedAt: email ? null : record.createdAt,
    endedAt: null,
  };
  if (email && confirmToken) await sendConfirmation(ctx, saved, email, confirmToken);
  return { subscription: subscriptionView(saved, ctx.channels), ...(signingSecret ? { signingSecret } : {}) };
}

/** A person's email subscription (the page, the public API): the same verb, email only. */
export async function subscribeEmail(ctx: AlertsContext, body: unknown): Promise<Created> {
  const input = parseOrThrow(EmailSubscriptionInput, body, 'subscription');
  if (!ctx.channels.mailer)
    throw new ValidationError(EMAIL_DISABLED, [{ field: 'email', message: EMAIL_DISABLED }]);
  const { email, ...rest } = input;
  return createSubscription(ctx, { ...rest, channel: { kind: 'email', address: email } });
}
