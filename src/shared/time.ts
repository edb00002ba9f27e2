import { SteadyClock } from './steady-clock.ts';

/** Time helpers. All instants are epoch milliseconds (UTC). */
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const WINDOW = 15 * MINUTE;

export const floorTo = (t: number, step: number): number => t - (((t % step) + step) % step);

let lastDay = { start: Number.NaN, text: '' };
/** "2026-11-21" for the UTC day containing t (the last answer is kept: most calls ask about today). */
export const utcDay = (t: number): string => {
  const start = floorTo(t, DAY);
  if (start !== lastDay.start) lastDay = { start, text: new Date(start).toISOString().slice(0, 10) };
  return lastDay.text;
};

export type Clock = { now: () => number };
/** The wall clock, made steady: it never goes backwards and absorbs steps (steady-clock.ts). */
export const systemClock: Clock = new SteadyClock();
