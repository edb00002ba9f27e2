import type { Config } from '../config/config.ts';
import { type Clock, DAY, utcDay, WINDOW } from '../shared/time.ts';
import type { Store } from '../store/store.ts';

const EVERY_MS = 10 * 60_000;

/**
 * Applies retention every ten minutes: raw reports and minute counters past their retention,
 * dedupe windows once closed, identity keys older than yesterday (which unlinks old hashes).
 */
export function startMaintenance(
  store: Store,
  config: Config,
  clock: Clock,
  onError: (e: unknown) => void,
  /** Only the leader prunes when several nodes share a store. */
  lead: () => boolean = () => true,
): { stop: () => void } {
  const run = () => {
    if (!lead()) return;
    const now = clock.now();
    store
      .prune({
        reportsBefore: now - config.reportRetentionDays * DAY,
        minutesBefore: now - config.minuteRetentionDays * DAY,
        windowsBefore: now - 2 * WINDOW,
        keysBefore: utcDay(now - DAY),
      })
      .catch(onError);
  };
  const first = setTimeout(run, 5_000);
  const timer = setInterval(run, EVERY_MS);
  first.unref();
  timer.unref();
  return {
    stop: () => {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
