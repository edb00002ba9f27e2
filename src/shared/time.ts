/** Time helpers. All instants are epoch milliseconds (UTC). */
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const WINDOW = 15 * MINUTE;

export const floorTo = (t: number, step: number): number => t - (((t % step) + step) % step);

/** "2026-11-21" for the UTC day containing t. */
export const utcDay = (t: number): string => new Date(floorTo(t, DAY)).toISOString().slice(0, 10);

export type Clock = { now: () => number };
export const systemClock: Clock = { now: () => Date.now() };
