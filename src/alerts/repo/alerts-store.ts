import type { SqlAccess } from '../../store/sql/sql-access.ts';
import type {
  AttemptOutcome,
  AttemptRecord,
  ChannelKind,
  DeliveryRecord,
  DeliveryState,
  NewAttempt,
  NewSubscription,
  OutboxEvent,
  SubscriptionRecord,
  SubscriptionState,
  Thread,
  ThreadChange,
} from '../types.ts';
import {
  cancelDelivery,
  claimDelivery,
  deliveryCounts,
  dueDeliveries,
  finishAttempt,
  getDelivery,
  listDeliveries,
  requeueDelivery,
} from './deliveries.ts';
import { handleEvent, pendingEvents } from './outbox.ts';
import {
  activeSubscriptions,
  confirmSubscription,
  endSubscription,
  findByUnsubscribeToken,
  findPendingByConfirmToken,
  getSubscription,
  insertSubscription,
  listSubscriptions,
  setSigningSecret,
} from './subscriptions.ts';

/**
 * The alerts repository: subscriptions, the outbox over the incident timeline, the delivery queue
 * and its log. Shared SQL on both engines (one contract suite, `alerts-store.contract.ts`).
 */
export interface AlertsStore {
  insertSubscription(s: NewSubscription): Promise<number>;
  getSubscription(id: number): Promise<SubscriptionRecord | undefined>;
  listSubscriptions(q: {
    state?: SubscriptionState | undefined;
    limit: number;
    before?: number | undefined;
  }): Promise<SubscriptionRecord[]>;
  activeSubscriptions(): Promise<SubscriptionRecord[]>;
  confirmSubscription(tokenHash: string, at: number): Promise<SubscriptionRecord | undefined>;
  /** Reads, never confirms: the confirm page shows what a click on its button would confirm. */
  findPendingByConfirmToken(tokenHash: string): Promise<SubscriptionRecord | undefined>;
  /** Ends it and cancels its deliveries that were not sent; undefined if already ended or unknown. */
  endSubscription(
    by: { id: number } | { token: string },
    at: number,
  ): Promise<SubscriptionRecord | undefined>;
  findByUnsubscribeToken(token: string): Promise<SubscriptionRecord | undefined>;
  setSigningSecret(id: number, secret: string): Promise<boolean>;

  pendingEvents(limit: number): Promise<OutboxEvent[]>;
  /** Exactly once per timeline row (null when another node took it), in one transaction. */
  handleEvent(
    event: OutboxEvent,
    at: number,
    decide: (threads: Map<number, Thread>) => ThreadChange[],
  ): Promise<ThreadChange[] | null>;

  dueDeliveries(now: number, limit: number): Promise<number[]>;
  claimDelivery(id: number, now: number, leaseUntil: number): Promise<DeliveryRecord | undefined>;
  finishAttempt(id: number, attempt: number, a: NewAttempt, outcome: AttemptOutcome): Promise<boolean>;
  cancelDelivery(id: number, at: number): Promise<void>;
  getDelivery(id: number): Promise<{ delivery: DeliveryRecord; attempts: AttemptRecord[] } | undefined>;
  listDeliveries(q: {
    subscriptionId?: number | undefined;
    incidentId?: number | undefined;
    state?: DeliveryState | undefined;
    limit: number;
    before?: number | undefined;
  }): Promise<DeliveryRecord[]>;
  requeueDelivery(id: number, now: number): Promise<boolean>;
  queueDepth(): Promise<{ channel: ChannelKind; state: DeliveryState; n: number }[]>;
}

export function alertsStore(db: SqlAccess): AlertsStore {
  const { writer, reader } = db;
  return {
    insertSubscription: (s) => writer.transaction((tx) => insertSubscription(tx, s)),
    getSubscription: (id) => getSubscription(reader, id),
    listSubscriptions: (q) => listSubscriptions(reader, q),
    activeSubscriptions: () => activeSubscriptions(reader),
    confirmSubscription: (hash, at) => writer.transaction((tx) => confirmSubscription(tx, hash, at)),
    findPendingByConfirmToken: (hash) => findPendingByConfirmToken(reader, hash),
    endSubscription: (by, at) => writer.transaction((tx) => endSubscription(tx, by, at)),
    findByUnsubscribeToken: (token) => findByUnsubscribeToken(reader, token),
    setSigningSecret: (id, secret) => writer.transaction((tx) => setSigningSecret(tx, id, secret)),
    pendingEvents: (limit) => pendingEvents(reader, limit),
    handleEvent: (event, at, decide) => writer.transaction((tx) => handleEvent(tx, event, at, decide)),
    dueDeliveries: (now, limit) => dueDeliveries(reader, now, limit),
    claimDelivery: (id, now, lease) => writer.transaction((tx) => claimDelivery(tx, id, now, lease)),
    finishAttempt: (id, attempt, a, outcome) =>
      writer.transaction((tx) => finishAttempt(tx, id, attempt, a, outcome)),
    cancelDelivery: (id, at) => writer.transaction((tx) => cancelDelivery(tx, id, at)),
    getDelivery: (id) => getDelivery(reader, id),
    listDeliveries: (q) => listDeliveries(reader, q),
    requeueDelivery: (id, now) => writer.transaction((tx) => requeueDelivery(tx, id, now)),
    queueDepth: () => deliveryCounts(reader),
  };
}
