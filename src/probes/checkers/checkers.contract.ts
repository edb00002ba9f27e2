import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Check } from '../check.ts';
import { ProbeResult } from '../result.ts';
import { runCheck } from '../run-check.ts';

/** Local targets for one checker: one that works, one that fails, one that never answers. */
export type CheckerTargets = {
  ok: Check;
  failing: Check;
  /** A target that accepts but never answers, or why the kind cannot have one on loopback. */
  hanging: Check | { skip: string };
  /** The ok target named by a host name that resolves to 127.0.0.1 ("localhost"), or why not. */
  byName: Check | { skip: string };
  cleanup: () => Promise<void>;
};

const allow = { allowPrivate: true };
const deny = { allowPrivate: false };

/** The one suite every checker passes (HTTP, DNS, TCP, TLS), against servers on 127.0.0.1. */
export function checkerContract(kind: string, setup: () => Promise<CheckerTargets>): void {
  describe(`checker contract: ${kind}`, () => {
    let x: CheckerTargets;
    before(async () => {
      x = await setup();
    });
    after(async () => x.cleanup());

    test('a working target is ok, with timings and a well-formed result', async () => {
      const r = await runCheck(x.ok, { policy: allow });
      assert.equal(r.ok, true, r.message ?? '');
      assert.equal(r.layer, null);
      assert.equal(r.attempts, 1);
      assert.equal(r.kind, x.ok.kind);
      assert.equal(typeof r.facts.RESPONSE_TIME, 'number');
      assert.ok(r.timings.total >= 0);
      ProbeResult.parse(r);
    });

    test('a failing target fails, naming the layer and a code', async () => {
      const r = await runCheck(x.failing, { policy: allow });
      assert.equal(r.ok, false);
      assert.ok(r.layer && r.code && r.message, JSON.stringify(r));
      ProbeResult.parse(r);
    });

    test('a target that never answers times out', async (t) => {
      if ('skip' in x.hanging) return t.skip(x.hanging.skip);
      const r = await runCheck({ ...x.hanging, timeout: 0.3 }, { policy: allow });
      assert.equal(r.ok, false);
      assert.equal(r.code, 'TIMEOUT', JSON.stringify(r));
    });

    test('private targets are refused unless allowed: by address and by a name resolving to 127.0.0.1', async () => {
      const byName = 'skip' in x.byName ? undefined : x.byName;
      for (const c of byName ? [x.ok, byName] : [x.ok]) {
        const r = await runCheck(c, { policy: deny });
        assert.equal(r.ok, false);
        assert.equal(r.layer, 'policy', JSON.stringify(r));
        assert.equal(r.code, 'BLOCKED');
        assert.equal(r.attempts, 1, 'a refusal is not retried');
      }
      if (byName) {
        const named = await runCheck(byName, { policy: allow });
        assert.equal(named.ok, true, named.message ?? '');
      }
    });

    test('conditions replace the default rule and name the one that failed', async () => {
      const pass = await runCheck(
        { ...x.ok, conditions: ['[RESPONSE_TIME] >= 0 && [CONNECTED] == true'] },
        {
          policy: allow,
        },
      );
      assert.equal(pass.ok, true, pass.message ?? '');
      const fail = await runCheck({ ...x.ok, conditions: ['[RESPONSE_TIME] < 0'] }, { policy: allow });
      assert.equal(fail.ok, false);
      assert.equal(fail.layer, 'condition');
      assert.match(fail.message ?? '', /\[RESPONSE_TIME\] < 0 \(was \d+\)/);
    });

    test('a failure is retried up to `retries` times', async () => {
      const r = await runCheck({ ...x.failing, retries: 2 }, { policy: allow, retryDelayMs: 0 });
      assert.equal(r.ok, false);
      assert.equal(r.attempts, 3);
    });
  });
}
