import { after, before, test } from 'node:test';
import type { StoreFactory, TestStore } from './engines.ts';

/**
 * The set-up every contract suite shares, called inside its `describe`: a fresh store from the
 * factory before the suite (handed to `use`, which builds what the suite tests), closed after it;
 * returns the suite's `it`, which skips with the factory's reason when the engine is not there.
 */
export function engineTests(
  factory: StoreFactory,
  use: (made: TestStore) => void,
): (title: string, fn: () => Promise<void>) => void {
  let made: TestStore | undefined;
  let skip: string | undefined;
  before(async () => {
    const m = await factory();
    if ('skip' in m) skip = m.skip;
    else {
      made = m;
      use(m);
    }
  });
  after(async () => {
    await made?.cleanup();
  });
  return (title, fn) =>
    test(title, async (t) => {
      if (skip) return t.skip(skip);
      await fn();
    });
}
