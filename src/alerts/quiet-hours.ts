import { MINUTE } from '../shared/time.ts';
import type { QuietHours } from './types.ts';

/** "22:30" → 1350 (minutes of the day). */
export const parseClock = (s: string): number => {
  const [h = 0, m = 0] = s.split(':').map(Number);
  return h * 60 + m;
};
export const formatClock = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

const formats = new Map<string, Intl.DateTimeFormat>();
/** One formatter per zone: building one costs far more than using it. */
function clockFormat(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });
    formats.set(timeZone, f);
  }
  return f;
}

/** Minute of the day at instant t in an IANA time zone. */
export function localMinute(t: number, timeZone: string): number {
  const parts = clockFormat(timeZone).formatToParts(t);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

/** True when the minute falls in [from, to), a window that may span midnight. */
export const inWindow = (m: number, q: QuietHours): boolean =>
  q.from === q.to ? false : q.from < q.to ? m >= q.from && m < q.to : m >= q.from || m < q.to;

/** Daylight-saving shifts are at most two hours (most are one; Lord Howe's is 30 minutes). */
const MAX_SHIFT_MINUTES = 120;

/**
 * When an alert due at t may go out: t itself, or the first minute after the subscriber's quiet
 * hours (in their time zone, by the zone's real rules) if t falls inside them. Counting the wait in
 * wall-clock minutes alone is wrong on the nights clocks change: in autumn it would release the
 * alert an hour early, inside the window; in spring an hour late. So the first guess is corrected
 * against what the zone's clock actually shows.
 */
export function afterQuietHours(t: number, q: QuietHours | null, timeZone: string): number {
  if (!q) return t;
  const m = localMinute(t, timeZone);
  if (!inWindow(m, q)) return t;
  let u = t - (t % MINUTE) + ((q.to - m + 1440) % 1440) * MINUTE;
  // Clocks went back during the wait: still inside the window, wait for its end once more.
  for (let i = 0; i < 3; i++) {
    const mu = localMinute(u, timeZone);
    if (!inWindow(mu, q)) break;
    u += ((q.to - mu + 1440) % 1440 || 1440) * MINUTE;
  }
  // Clocks went forward (or the end time does not exist that night): step back to the first
  // minute outside the window.
  for (let i = 0; i < MAX_SHIFT_MINUTES && u - MINUTE > t; i++) {
    if (inWindow(localMinute(u - MINUTE, timeZone), q)) break;
    u -= MINUTE;
  }
  return u;
}
