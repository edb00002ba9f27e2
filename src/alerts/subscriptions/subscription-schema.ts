import { z } from 'zod';
import { Slug } from '../../catalog/schema.ts';
import { LANGUAGES } from '../../i18n/languages.ts';
import { Severity } from '../../shared/status-vocabulary.ts';
import { ChannelTarget } from '../channels/channels.ts';
import { CHANNEL_KINDS } from '../types.ts';

/** A subscriber's minimum severity, described for the API. */
export const MinSeverity = Severity.describe(
  'minor: possible problems and worse; major: problems detected and worse; critical: major outages only',
);
export const AlertLanguage = z.enum(LANGUAGES);

const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like "22:00"');

const validZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};
export const TimeZone = z
  .string()
  .max(64)
  .refine(validZone, 'must be an IANA time zone like "Asia/Jakarta"')
  .describe('IANA time zone for quiet hours and times in messages');

/** The scope fields: at most one of service, provider, category; none follows every service. */
const scopeFields = {
  service: Slug.optional().describe('Follow one service'),
  provider: Slug.optional().describe('Follow every service of a provider (all Meta apps at once)'),
  category: Slug.optional().describe('Follow one problem category ("login") on any service'),
};
const oneScope = (v: { service?: unknown; provider?: unknown; category?: unknown }) =>
  [v.service, v.provider, v.category].filter((x) => x !== undefined).length <= 1;
const ONE_SCOPE = { message: 'give at most one of service, provider and category', path: ['service'] };

const common = {
  ...scopeFields,
  minSeverity: MinSeverity.default('minor'),
  quietHours: z
    .strictObject({ from: ClockTime, to: ClockTime })
    .optional()
    .describe('Hold alerts in this daily window (in timeZone) until it ends'),
  timeZone: TimeZone.default('UTC'),
  language: AlertLanguage.default('en'),
};

/** An operator's subscription through the API: any channel. */
export const SubscriptionInput = z
  .strictObject({ channel: ChannelTarget, ...common })
  .refine(oneScope, ONE_SCOPE)
  .meta({ id: 'AlertSubscriptionInput' });
export type SubscriptionInput = z.infer<typeof SubscriptionInput>;

/** A person's email subscription (the page and the public API): confirmed by email before it starts. */
export const EmailSubscriptionInput = z
  .strictObject({ email: z.email().max(254), ...common })
  .refine(oneScope, ONE_SCOPE)
  .meta({ id: 'EmailSubscriptionInput' });
export type EmailSubscriptionInput = z.infer<typeof EmailSubscriptionInput>;

const Iso = z.iso.datetime();

/** A subscription as the API shows it: never a token, a secret or a full target. */
export const SubscriptionView = z
  .object({
    id: z.number().int(),
    channel: z.object({
      kind: z.enum(CHANNEL_KINDS),
      description: z.string().describe('Host or masked address; secrets are never shown'),
    }),
    scope: z.object({ kind: z.enum(['service', 'provider', 'category', 'all']), value: z.string() }),
    minSeverity: MinSeverity,
    quietHours: z.object({ from: z.string(), to: z.string() }).nullable(),
    timeZone: z.string(),
    language: AlertLanguage,
    state: z.enum(['pending', 'active', 'unsubscribed']),
    createdAt: Iso,
    confirmedAt: Iso.nullable(),
    endedAt: Iso.nullable(),
  })
  .meta({ id: 'AlertSubscription' });
export type SubscriptionView = z.infer<typeof SubscriptionView>;

export const CreatedSubscription = SubscriptionView.extend({
  signingSecret: z
    .string()
    .optional()
    .describe('Webhook only: the Standard Webhooks secret (whsec_…). Shown once; store it now.'),
}).meta({ id: 'CreatedAlertSubscription' });

const Transition = z.object({ kind: z.string(), at: Iso, service: z.string().nullable() });
const Attempt = z.object({
  at: Iso,
  ok: z.boolean(),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
});

/** One entry of the delivery log. */
export const DeliveryView = z
  .object({
    id: z.number().int(),
    idempotencyKey: z.string(),
    subscriptionId: z.number().int(),
    incidentId: z.number().int(),
    channel: z.string(),
    state: z.enum(['pending', 'sending', 'sent', 'dead', 'cancelled']),
    attempts: z.number().int(),
    dueAt: Iso,
    lastError: z.string().nullable(),
    createdAt: Iso,
    finishedAt: Iso.nullable(),
    transitions: z.array(Transition),
  })
  .meta({ id: 'AlertDelivery' });
export type DeliveryView = z.infer<typeof DeliveryView>;

export const DeliveryDetail = DeliveryView.extend({ log: z.array(Attempt) }).meta({
  id: 'AlertDeliveryDetail',
});
export type DeliveryDetail = z.infer<typeof DeliveryDetail>;
