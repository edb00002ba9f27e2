/**
 * A seasonal baseline of reports per minute, learned online in three tiers that back each other up:
 * a level (all minutes), 24 hour-of-day slots and 168 hour-of-week slots (Monday 00:00 UTC = slot 0).
 * A slot with few samples leans on the tier above it, and the level leans on a prior rate, so a new
 * service gets a usable expectation within minutes and a weekly shape after about a week.
 */
import { HOUR } from '../shared/time.ts';

/** Hours in a week: the number of weekly slots. */
export const WEEK_HOURS = 168;
const WEEK_W = WEEK_HOURS;
const DAY_M = 2 * WEEK_HOURS;
const DAY_W = DAY_M + 24;
/** Float32 cells: weekly means, weekly weights, daily means, daily weights. */
const CELLS = DAY_W + 24;
/** 1970-01-01 was a Thursday: shift by 72 h so that slot 0 is Monday 00:00 UTC. */
const MONDAY_SHIFT = 72;

/** Pseudo-sample weights of the fallback tier when blending (minutes of data). */
const PRIOR_WEIGHT = 10;
const DAILY_FALLBACK_WEIGHT = 10;
const WEEKLY_FALLBACK_WEIGHT = 20;
/** Minimum learning rates: memory of ~3 weeks per weekly slot, ~5 days per daily slot, ~1 day overall. */
const ALPHA_WEEK = 1 / 180;
const ALPHA_DAY = 1 / 300;
const ALPHA_LEVEL = 1 / 1440;

/** Baseline state (part of a detector's state). */
export type Baseline = {
  /** Means and sample weights of the weekly and daily slots, per minute. */
  cells: Float32Array;
  /** Mean reports per minute over all minutes seen. */
  level: number;
  /** Sample weight of `level` (capped). */
  levelWeight: number;
  /** Rate assumed before any data, per minute. */
  prior: number;
};

/** An empty baseline that expects `prior` reports per minute until it has data. */
export const newBaseline = (prior: number): Baseline => ({
  cells: new Float32Array(CELLS),
  level: 0,
  levelWeight: 0,
  prior,
});

/** Hour of the week of `t` (Monday 00:00–00:59 UTC = 0, Sunday 23:00 UTC = 167). */
export const hourOfWeek = (t: number): number =>
  (((Math.floor(t / HOUR) + MONDAY_SHIFT) % WEEK_HOURS) + WEEK_HOURS) % WEEK_HOURS;

/** Blended rate of one hour (hours since the epoch): weekly slot, else daily slot, else level, else prior. */
function slotRate(b: Baseline, hours: number): number {
  const c = b.cells;
  const week = (((hours + MONDAY_SHIFT) % WEEK_HOURS) + WEEK_HOURS) % WEEK_HOURS;
  const day = week % 24;
  const level = (b.levelWeight * b.level + PRIOR_WEIGHT * b.prior) / (b.levelWeight + PRIOR_WEIGHT);
  const dw = c[DAY_W + day]!;
  const daily = (dw * c[DAY_M + day]! + DAILY_FALLBACK_WEIGHT * level) / (dw + DAILY_FALLBACK_WEIGHT);
  const ww = c[WEEK_W + week]!;
  return (ww * c[week]! + WEEKLY_FALLBACK_WEIGHT * daily) / (ww + WEEKLY_FALLBACK_WEIGHT);
}

/** Expected reports per minute at `t`, interpolated between the centres of neighbouring hours. */
export function expectedRate(b: Baseline, t: number): number {
  const hours = Math.floor(t / HOUR);
  const offset = (t - hours * HOUR) / HOUR - 0.5;
  if (offset >= 0) return (1 - offset) * slotRate(b, hours) + offset * slotRate(b, hours + 1);
  return -offset * slotRate(b, hours - 1) + (1 + offset) * slotRate(b, hours);
}

/**
 * Moves the slots of `t` and the level towards `rate` (reports per minute, already clipped by the
 * caller). `minutes` is how many minutes the observation covers: weights and rates count minutes.
 */
export function learn(b: Baseline, t: number, rate: number, minutes = 1): void {
  const c = b.cells;
  const week = hourOfWeek(t);
  const day = week % 24;
  const ww = c[WEEK_W + week]!;
  c[week] = c[week]! + Math.max(minutes / (ww + minutes), ALPHA_WEEK * minutes) * (rate - c[week]!);
  c[WEEK_W + week] = Math.min(ww + minutes, 1 / ALPHA_WEEK);
  const dw = c[DAY_W + day]!;
  c[DAY_M + day] =
    c[DAY_M + day]! + Math.max(minutes / (dw + minutes), ALPHA_DAY * minutes) * (rate - c[DAY_M + day]!);
  c[DAY_W + day] = Math.min(dw + minutes, 1 / ALPHA_DAY);
  b.level +=
    Math.min(1, Math.max(minutes / (b.levelWeight + minutes), ALPHA_LEVEL * minutes)) * (rate - b.level);
  b.levelWeight = Math.min(b.levelWeight + minutes, 1 / ALPHA_LEVEL);
}

/**
 * Seeds the baseline from known history: `weekly[h]` is the mean reports per minute in hour-of-week h
 * (168 values, Monday 00:00 UTC first), as rolled up by the store. `samples` is how many minutes of
 * data each hour stands for (60 per week of history). Use it to restore a detector without replaying.
 */
export function primeBaseline(b: Baseline, weekly: ArrayLike<number>, samples = 120): void {
  if (weekly.length !== WEEK_HOURS)
    throw new RangeError(`expected ${WEEK_HOURS} hourly rates, got ${weekly.length}`);
  const c = b.cells;
  const w = Math.min(samples, 1 / ALPHA_WEEK);
  let total = 0;
  c.fill(0, DAY_M);
  for (let h = 0; h < WEEK_HOURS; h++) {
    const rate = Math.max(0, weekly[h]!);
    c[h] = rate;
    c[WEEK_W + h] = w;
    c[DAY_M + (h % 24)] = c[DAY_M + (h % 24)]! + rate / 7;
    total += rate;
  }
  c.fill(Math.min(7 * w, 1 / ALPHA_DAY), DAY_W);
  b.level = total / WEEK_HOURS;
  b.levelWeight = 1 / ALPHA_LEVEL;
}
