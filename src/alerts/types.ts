import type { Severity } from '../shared/status-vocabulary.ts';

/** Alert records as the store holds them. Instants are epoch milliseconds UTC. */
/** Every alert channel, in the order the README lists them (one folder each in channels/). */
export const CHANNEL_KINDS = [
  'webhook',
  'slack',
  'discord',
  'telegram',
  'email',
  'ntfy',
  'teams',
  'googlechat',
  'pagerduty',
  'opsgenie',
  'matrix',
] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
export type ScopeKind = 'service' | 'provider' | 'category' | 'all';
export type SubscriptionState = 'pending' | 'active' | 'unsubscribed';

/** What a subscription follows: one service, every service of a provider, a problem category, or all. */
export type Scope = { kind: ScopeKind; value: string };

/** Minutes of the day [from, to) in the subscriber's time zone; `from > to` spans midnight. */
export type QuietHours = { from: number; to: number };

export type SubscriptionRecord = {
  id: number;
  channel: ChannelKind;
  /** The channel's target (URL, chat, address) including its secrets; never returned by the API. */
  target: Record<string, unknown>;
  scope: Scope;
  minSeverity: Severity;
  quietHours: QuietHours | null;
  timeZone: string;
  language: string;
  state: SubscriptionState;
  /** Standard Webhooks signing secret (`whsec_…`), webhook channel only. */
  signingSecret: string | null;
  unsubscribeToken: string;
  createdAt: number;
  confirmedAt: number | null;
  endedAt: number | null;
};

export type NewSubscription = Omit<SubscriptionRecord, 'id' | 'confirmedAt' | 'endedAt'> & {
  /** SHA-256 of the emailed confirmation token (double opt-in); null when active at once. */
  confirmTokenHash: string | null;
};

/** A timeline row of an incident not yet turned into deliveries. */
export type OutboxEvent = {
  id: number;
  incidentId: number;
  at: number;
  kind: string;
  service: string | null;
};

export type TransitionKind = 'opened' | 'service_added' | 'escalated' | 'relapse' | 'resolved';

/** One incident transition as one subscriber sees it; `event` is the timeline row behind it. */
export type Transition = { event: number; kind: TransitionKind; at: number; service: string | null };

/** The notification group of one (incident, subscription): whether it was last told "firing" or "resolved". */
export type Thread = {
  incidentId: number;
  subscriptionId: number;
  state: 'firing' | 'resolved';
  lastDueAt: number;
};

/** What the dispatcher decided for one subscription on one timeline row. */
export type ThreadChange = {
  subscriptionId: number;
  channel: ChannelKind;
  transition: Transition;
  state: 'firing' | 'resolved';
  /** When a new delivery would be due (a pending one that was not tried yet absorbs it instead). */
  dueAt: number;
};

export type DeliveryState = 'pending' | 'sending' | 'sent' | 'dead' | 'cancelled';

export type DeliveryRecord = {
  id: number;
  /** `<timeline row>:<subscription>` of the first transition: unique, and the receiver's message id. */
  idempotencyKey: string;
  subscriptionId: number;
  incidentId: number;
  channel: ChannelKind;
  transitions: Transition[];
  state: DeliveryState;
  attempts: number;
  dueAt: number;
  leaseUntil: number | null;
  lastError: string | null;
  createdAt: number;
  finishedAt: number | null;
};

export type AttemptRecord = {
  id: number;
  deliveryId: number;
  at: number;
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
};

export type NewAttempt = Omit<AttemptRecord, 'id' | 'deliveryId'>;

/** How an attempt ends the claim: sent, retried later, or given up (dead letter). */
export type AttemptOutcome = { state: 'sent' } | { state: 'pending'; dueAt: number } | { state: 'dead' };
