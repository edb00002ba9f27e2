import { hourOfWeek, WEEK_HOURS } from '../detector/baseline.ts';
import { HOUR } from '../shared/time.ts';
import type { SeriesPoint } from '../store/store.ts';
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
  for (let t = Math.max(from, first); t < to; t += HOUR) samples[hourOfWeek(t)]!.push(byHour.get(t) ?? 0);
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
