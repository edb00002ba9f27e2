/** Retry timing: exponential, capped, with jitter so failed receivers are not hit in lock-step. */
export type Backoff = { baseMs: number; capMs: number };

export const DEFAULT_BACKOFF: Backoff = { baseMs: 15_000, capMs: 30 * 60_000 };

/**
 * Delay before the next try after `attempt` failed tries (1, 2, …): half of the capped exponential
 * step fixed, half random ("equal jitter"), so retries never bunch up yet never come too soon.
 * A receiver's Retry-After is honoured when longer (up to the cap).
 */
export function retryDelay(attempt: number, b: Backoff, random: () => number, retryAfterMs = 0): number {
  const step = Math.min(b.capMs, b.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = step / 2 + random() * (step / 2);
  return Math.round(Math.min(b.capMs, Math.max(jittered, retryAfterMs)));
}
