import { MINUTE } from '../shared/time.ts';
import type { QuietHours } from './types.ts';

/** "22:30" → 1350 (minutes of the day). */
export const parseClock = (s: string): number => {
  const [h = 0, m = 0] = s.split(':').map(Number);
  return h * 60 + m;
};
export const formatClock = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Minute of the day at instant t in an IANA time zone. */
export function localMinute(t: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hour: 'numeric',
    minute: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(t);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

/** True when the minute falls in [from, to), a window that may span midnight. */
export const inWindow = (m: number, q: QuietHours): boolean =>
  q.from === q.to ? false : q.from < q.to ? m >= q.from && m < q.to : m >= q.from || m < q.to;

/**
 * When an alert due at t may go out: t itself, or the end of the subscriber's quiet hours
 * (in their time zone) if t falls inside them.
 */
export function afterQuietHours(t: number, q: QuietHours | null, timeZone: string): number {
  if (!q) return t;
  const m = localMinute(t, timeZone);
  if (!inWindow(m, q)) return t;
  const wait = (q.to - m + 1440) % 1440;
  return t - (t % MINUTE) + wait * MINUTE;
}
