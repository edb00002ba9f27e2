/**
 * The contract every outside-source adapter meets, against a local server that speaks its protocol.
 * Run it with `sourceAdapterContract(name, factory, { skip })`; each skipped case says why.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { SourceAdapter } from './adapter.ts';

/** A running adapter wired to its local server, with the server's controls. */
export type AdapterHarness = {
  adapter: SourceAdapter;
  /** The server makes `n` new items available; each must be counted exactly once. */
  publish(n: number): void;
  /** The server sends `n` malformed messages (pollers: answers `n` requests with malformed bodies). */
  publishMalformed(n: number): void;
  /** Cuts every connection (pollers: resets the next requests); the adapter must come back. */
  disrupt(): void;
  /** The server stops answering (accepts, then says nothing) until `recover`. */
  stall(): void;
  recover(): void;
  /** Items counted in the store so far. */
  counted(): Promise<number>;
  /** Connections (pollers: requests) the server has seen. */
  connections(): number;
  /** The cursor the latest connection resumed from, when the protocol has one. */
  resumedFrom(): string | undefined;
  close(): Promise<void>;
};

export type HarnessFactory = () => Promise<AdapterHarness>;

export const ADAPTER_CASES = [
  'counts once',
  'malformed',
  'reconnect storm',
  'resumes from cursor',
  'stalled server',
  'stops cleanly',
] as const;
export type AdapterCase = (typeof ADAPTER_CASES)[number];

/** Waits (bounded) until `cond` holds; the failure message says what did not happen. */
export async function until(
  cond: () => boolean | Promise<boolean>,
  what: string,
  ms = 20_000,
): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await sleep(5);
  }
}

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapMb = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1_048_576;
};

/** Registers the contract cases for one adapter. */
export function sourceAdapterContract(
  name: string,
  factory: HarnessFactory,
  options: { skip?: Partial<Record<AdapterCase, string>> } = {},
): void {
  describe(`source adapter contract: ${name}`, () => {
    let h: AdapterHarness;
    let published = 0;
    const publish = (n: number) => {
      h.publish(n);
      published += n;
    };
    const settled = async (what: string) => {
      await until(async () => {
        await h.adapter.flush();
        return (await h.counted()) >= published;
      }, what);
      await h.adapter.flush();
      assert.equal(await h.counted(), published, `${name}: every item counted exactly once`);
    };
    before(async () => {
      h = await factory();
      h.adapter.start();
      await until(() => h.connections() > 0, 'the adapter connected');
    });
    after(async () => {
      await h.adapter.stop();
      await h.close();
    });
    const it = (c: AdapterCase, title: string, fn: () => Promise<void>) =>
      test(title, async (t) => {
        const reason = options.skip?.[c];
        if (reason) return t.skip(reason);
        await fn();
      });

    it('counts once', 'counts each item once', async () => {
      publish(20);
      await settled('20 items are counted');
      const s = h.adapter.stats();
      assert.ok(s.accepted >= 20, JSON.stringify(s));
    });

    it('malformed', 'survives 1,000 malformed messages without counting any', async () => {
      const before = h.adapter.stats().malformed;
      h.publishMalformed(1000);
      await until(() => h.adapter.stats().malformed - before >= 1000, '1,000 malformed messages were seen');
      publish(5);
      await settled('items after the malformed ones are counted');
      const s = h.adapter.stats();
      console.log(
        `${name}: malformed messages skipped ${s.malformed - before}, counted ${await h.counted()}`,
      );
    });

    it('reconnect storm', 'a reconnect storm: no crash, no duplicate counts, bounded memory', async () => {
      const heapBefore = heapMb();
      const connectionsBefore = h.connections();
      const rounds = 40;
      for (let r = 0; r < rounds; r++) {
        const seen = h.connections();
        publish(5);
        const want = published;
        await until(async () => {
          await h.adapter.flush();
          return (await h.counted()) >= want;
        }, `round ${r}: items reached the store`);
        h.disrupt();
        await until(() => h.connections() > seen, `round ${r}: the adapter reconnected`);
      }
      await settled('everything published during the storm is counted once');
      const heapAfter = heapMb();
      const s = h.adapter.stats();
      console.log(
        `${name}: reconnect storm of ${rounds} drops — connections ${h.connections() - connectionsBefore}, ` +
          `counted ${await h.counted()} of ${published} published, duplicates refused ${s.duplicates}, ` +
          `heapUsed ${heapBefore.toFixed(1)} MB → ${heapAfter.toFixed(1)} MB`,
      );
      assert.ok(heapAfter - heapBefore < 32, `heap grew by ${(heapAfter - heapBefore).toFixed(1)} MB`);
    });

    it('resumes from cursor', 'resumes from the last committed cursor after a reconnect', async () => {
      publish(3);
      await settled('items before the drop are counted');
      const cursor = h.adapter.stats().cursor;
      assert.ok(cursor, 'the adapter has a cursor');
      const seen = h.connections();
      h.disrupt();
      await until(() => h.connections() > seen, 'the adapter reconnected');
      const resumed = h.resumedFrom();
      assert.ok(resumed !== undefined, 'the reconnect carried a cursor');
      publish(3);
      await settled('items after the reconnect are counted');
    });

    it('stalled server', 'replaces a stalled connection and carries on', async () => {
      const before = h.adapter.stats().disconnects;
      h.stall();
      await until(() => h.adapter.stats().disconnects >= before + 2, 'the stalled connections were given up');
      const seen = h.connections();
      h.recover();
      await until(() => h.connections() > seen, 'the adapter connected again');
      publish(4);
      await settled('items after the stall are counted');
    });

    it('stops cleanly', 'stops: no connection after stop, and stop twice is fine', async () => {
      await h.adapter.stop();
      const after = h.connections();
      await sleep(100);
      assert.equal(h.connections(), after, 'no connection after stop');
      await h.adapter.stop();
    });
  });
}
