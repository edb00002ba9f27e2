import type { z } from 'zod';
import type { AddressPolicy } from '../../shared/address-guard.ts';
import type { AlertMessage } from '../message.ts';
import type { ChannelKind } from '../types.ts';

/** What a send may use besides the target: the address policy, a deadline, the signing secret. */
export type SendContext = {
  policy: AddressPolicy;
  timeoutMs: number;
  /** Standard Webhooks secret of the subscription (webhook channel). */
  signingSecret: string | null;
  /** Seconds since the epoch are taken from here (signature timestamps). */
  now: number;
};

/** How a send went. A failure says whether trying again can help, and why, for the delivery log. */
export type SendResult =
  | { ok: true; status: number | null }
  | { ok: false; retryable: boolean; status: number | null; reason: string; retryAfterMs?: number };

/**
 * One way to deliver alerts. Every channel lives in its own folder, validates its own target,
 * never shows its secrets, and passes the shared contract suite (`channel.contract.ts`).
 */
export interface Channel<T extends { kind: ChannelKind }> {
  readonly kind: T['kind'];
  readonly target: z.ZodType<T>;
  /** Refuses a target that can never work (a private IP literal, say) when it is created; throws a DomainError. */
  check(target: T, policy: AddressPolicy): void;
  /** A description safe to show anyone: no tokens, no secret URL paths, a masked address. */
  describe(target: T): string;
  send(target: T, message: AlertMessage, ctx: SendContext): Promise<SendResult>;
}

/** A channel behind stored targets: parses the target on every call, so types hold at the seam. */
export type AnyChannel = {
  readonly kind: ChannelKind;
  readonly target: z.ZodType<{ kind: ChannelKind }>;
  check(target: unknown, policy: AddressPolicy): void;
  describe(target: unknown): string;
  send(target: unknown, message: AlertMessage, ctx: SendContext): Promise<SendResult>;
};

export function anyChannel<T extends { kind: ChannelKind }>(c: Channel<T>): AnyChannel {
  return {
    kind: c.kind,
    target: c.target,
    check: (t, policy) => c.check(c.target.parse(t), policy),
    describe: (t) => c.describe(c.target.parse(t)),
    send: (t, message, ctx) => c.send(c.target.parse(t), message, ctx),
  };
}
