import { HOUR } from '../shared/time.ts';
import type { SeriesPoint } from '../store/store.ts';

const WEEK_HOURS = 168;
/** Monday 00:00 UTC is hour 0 of the week (1970-01-05 was a Monday). */
const hourOfWeek = (t: number): number => Math.floor((t - 4 * 24 * HOUR) / HOUR) % WEEK_HOURS;

/**
 * Per-minute rates for each of the 168 hours of the week from hourly roll-ups over [from, to):
 * the median over the weeks since the first data (an hour with no row there counts as zero), so
 * one past outage does not raise the baseline. Hours never covered take the overall median.
 */
export function weeklyRates(rows: SeriesPoint[], from: number, to: number): Float64Array {
  const samples: number[][] = Array.from({ length: WEEK_HOURS }, () => []);
  const byHour = new Map(rows.map((r) => [r.t, r.reports]));
  // Hours before the first data are unknown, not zero: a young install must not learn "silence".
  const first = rows.reduce((m, r) => Math.min(m, r.t), Number.POSITIVE_INFINITY);
  for (let t = Math.max(from, first); t < to; t += HOUR)
    samples[((hourOfWeek(t) % WEEK_HOURS) + WEEK_HOURS) % WEEK_HOURS]!.push(byHour.get(t) ?? 0);
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length === 0
      ? Number.NaN
      : s.length % 2
        ? s[(s.length - 1) / 2]!
        : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  const perMinute = samples.map((xs) => median(xs) / 60);
  const known = perMinute.filter((x) => !Number.isNaN(x));
  const fallback = known.length ? median(known) : 0;
  return Float64Array.from(perMinute, (x) => (Number.isNaN(x) ? fallback : x));
}
