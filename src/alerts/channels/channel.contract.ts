import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BlockedAddressError } from '../../shared/address-guard.ts';
import { sampleMessage } from '../testing/fixtures.ts';
import type { AnyChannel, SendContext } from './channel.ts';

/** A receiver for one channel, on 127.0.0.1, that a test can make fail. */
export type ContractReceiver = {
  /** The channel under test, set up for this receiver (Telegram's API base points at it). */
  channel: AnyChannel;
  /** A target that delivers to this receiver. */
  target: unknown;
  /** Everything received so far, as text (subject, body, headers as the channel carries them). */
  texts(): string[];
  /** The next send fails: `transient` should be retried, `permanent` should not. */
  failNext(kind: 'transient' | 'permanent'): void;
  close(): Promise<void>;
};

/** What the suite needs of a channel; a case that does not apply says why in `skip`. */
export type ChannelHarness = {
  name: string;
  start(): Promise<ContractReceiver>;
  /** Parts of `target` that are secret and must never appear in `describe`. */
  secrets(target: unknown): string[];
  /** A target at the receiver whose host is a private address, or why the case does not apply. */
  privateTarget: ((r: ContractReceiver) => unknown) | { skip: string };
  /** Targets the schema must refuse. */
  badTargets: unknown[];
};

const ctx = (allowPrivate: boolean): SendContext => ({
  policy: { allowPrivate },
  timeoutMs: 5_000,
  signingSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  now: Date.now(),
});

/** The one suite every alert channel passes (hono-style: a skipped case carries its reason). */
export function channelContract(h: ChannelHarness): void {
  describe(`channel contract: ${h.name}`, () => {
    let r: ContractReceiver;
    before(async () => {
      r = await h.start();
    });
    after(() => r.close());

    test('delivers the alert in the subscriber language, with the incident link', async () => {
      const m = sampleMessage('vi');
      const result = await r.channel.send(r.target, m, ctx(true));
      assert.deepEqual(result.ok, true, JSON.stringify(result));
      const got = r.texts().at(-1) ?? '';
      assert.ok(got.includes('Sự cố nghiêm trọng'), 'the Vietnamese severity');
      assert.ok(got.includes('https://downwatch.example/incidents/7'), 'the incident link');
    });

    test('a transient failure is retryable and says why', async () => {
      r.failNext('transient');
      const result = await r.channel.send(r.target, sampleMessage(), ctx(true));
      assert.equal(result.ok, false);
      assert.ok(!result.ok && result.retryable, JSON.stringify(result));
      assert.ok(!result.ok && result.reason.length > 0);
    });

    test('a permanent failure is not retried', async () => {
      r.failNext('permanent');
      const result = await r.channel.send(r.target, sampleMessage(), ctx(true));
      assert.ok(!result.ok && !result.retryable, JSON.stringify(result));
    });

    test('private addresses are refused unless the operator allows them', async (t) => {
      if ('skip' in h.privateTarget) return t.skip(h.privateTarget.skip);
      const target = h.privateTarget(r);
      const before = r.texts().length;
      assert.throws(() => r.channel.check(target, { allowPrivate: false }), BlockedAddressError);
      const result = await r.channel.send(target, sampleMessage(), ctx(false));
      assert.ok(!result.ok && !result.retryable, JSON.stringify(result));
      assert.match(!result.ok ? result.reason : '', /private or reserved/);
      assert.equal(r.texts().length, before, 'nothing reached the receiver');
      r.channel.check(target, { allowPrivate: true });
    });

    test('validates targets and never shows their secrets', () => {
      for (const bad of h.badTargets)
        assert.equal(r.channel.target.safeParse(bad).success, false, JSON.stringify(bad));
      const description = r.channel.describe(r.target);
      assert.ok(description.length > 0);
      for (const secret of h.secrets(r.target)) assert.ok(!description.includes(secret), description);
    });

    test('an unreachable receiver is retryable', async () => {
      const gone = await h.start();
      await gone.close();
      const result = await gone.channel.send(gone.target, sampleMessage(), ctx(true));
      assert.ok(!result.ok && result.retryable, JSON.stringify(result));
    });
  });
}
