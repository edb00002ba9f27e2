import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AddressPolicy } from '../shared/address-guard.ts';
import { type Check, subjectOf } from './check.ts';
import type { Attempt } from './checker.ts';
import { attempt as runAttempt } from './checkers/checkers.ts';
import { type Condition, evaluate, parseCondition } from './condition.ts';
import type { ProbeResult } from './result.ts';

const parsed = new Map<string, Condition>();
const conditionOf = (src: string): Condition => {
  let c = parsed.get(src);
  if (!c) {
    c = parseCondition(src);
    if (parsed.size < 10_000) parsed.set(src, c);
  }
  return c;
};

/** Applies the check's conditions (when it has any and the target answered) in place of the default rule. */
export function judge(check: Pick<Check, 'conditions'>, a: Attempt): Attempt {
  if (!a.completed || check.conditions.length === 0) return a;
  const facts = {
    value: (name: string) =>
      name === 'BODY'
        ? a.body
        : name.startsWith('HEADER:')
          ? a.headers?.[name.slice(7)]
          : (a.facts[name] ?? undefined),
    body: a.body,
  };
  for (const src of check.conditions) {
    const r = evaluate(conditionOf(src), facts);
    if (!r.ok)
      return { ...a, ok: false, layer: 'condition', code: 'CONDITION', message: r.failed.slice(0, 500) };
  }
  return { ...a, ok: true, layer: null, code: null, message: null };
}

export type RunOptions = {
  policy: AddressPolicy;
  now?: () => number;
  /** Pause between a failed attempt and the next (default 200 ms). */
  retryDelayMs?: number;
  /** Cancels the run (the scheduler stopping). */
  signal?: AbortSignal;
};

/**
 * Runs a check: each attempt has the check's timeout; a failure is retried up to `retries` times
 * (not a refusal by the address policy, which would only fail again). Never throws.
 */
export async function runCheck(check: Check, opts: RunOptions): Promise<ProbeResult> {
  const at = (opts.now ?? Date.now)();
  let a: Attempt | undefined;
  let attempts = 0;
  for (; attempts <= check.retries; ) {
    attempts++;
    const timeout = AbortSignal.timeout(Math.round(check.timeout * 1000));
    const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
    try {
      a = judge(check, await runAttempt(check, { policy: opts.policy, signal }));
    } catch (e) {
      a = {
        completed: false,
        ok: false,
        layer: 'connect',
        code: 'INTERNAL',
        message: (e as Error).message,
        timings: { total: 0 },
        facts: {},
      };
    }
    if (a.ok || a.layer === 'policy' || opts.signal?.aborted || attempts > check.retries) break;
    await sleep(opts.retryDelayMs ?? 200);
  }
  const last = a!;
  return {
    id: randomUUID(),
    check: check.id,
    service: subjectOf(check),
    kind: check.kind,
    at,
    ok: last.ok,
    layer: last.ok ? null : last.layer,
    code: last.ok ? null : last.code,
    message: last.ok ? null : last.message,
    attempts,
    timings: last.timings,
    facts: last.facts,
  };
}
