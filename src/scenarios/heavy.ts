/**
 * The heavier generator's per-service effects (all opt-in, see scenarios/README.md): a trend, level
 * shifts at random times, holidays in the service's local time, scheduled launches, and minutes
 * without data. Drawn from a stream of their own, so a scenario that asks for none of them generates
 * exactly what it did before they existed.
 */
import { DAY, HOUR, MINUTE } from '../shared/time.ts';
import { utcOffset } from './profile.ts';
import { deriveSeed, integer, mulberry32, poisson, type Random, uniform } from './random.ts';
import type { Scenario, ServiceSpec } from './schema.ts';

const WEEK = 7 * DAY;

/** What the heavier options do to one service. */
export type Heavy = {
  /** Factor on the service's normal level at `t` (trend × shifts × holidays × launches). */
  level(t: number): number;
  /** True in a minute without data. */
  missing(t: number): boolean;
};

type Window = { from: number; to: number; multiplier: number; ramp: number; decayFrom: number };

const atMinute = (r: Random, from: number, to: number) =>
  from + Math.floor(r.next() * ((to - from) / MINUTE)) * MINUTE;

/** The UTC instant of a local wall-clock time in `tz` (`localAsUtc` is that wall time read as UTC). */
export function localToUtc(tz: string, localAsUtc: number): number {
  let t = localAsUtc - utcOffset(tz, localAsUtc);
  t = localAsUtc - utcOffset(tz, t); // a second pass lands right across a DST change
  return t;
}

/** Trapezoid multiplier: ramps up over `ramp`, holds, and decays linearly from `decayFrom` to `to`. */
function windowFactor(w: Window, t: number): number {
  if (t < w.from || t >= w.to) return 1;
  const mid = t + MINUTE / 2;
  const up = Math.min(1, (mid - w.from) / w.ramp);
  const down = mid < w.decayFrom ? 1 : Math.max(0, (w.to - mid) / (w.to - w.decayFrom));
  return 1 + (w.multiplier - 1) * Math.min(up, down);
}

/** The heavier effects for one service over [from, to), or null when the scenario asks for none. */
export function planHeavy(
  s: Scenario,
  spec: ServiceSpec,
  seed: number,
  from: number,
  to: number,
): Heavy | null {
  const n = s.noise;
  const applies = (services: string[] | undefined) => services === undefined || services.includes(spec.id);
  const holidays = n.holidays.filter((h) => applies(h.services));
  const launches = n.launches.filter((l) => l.services.includes(spec.id));
  if (!n.trend && !n.levelShifts && !n.missing && holidays.length === 0 && launches.length === 0) return null;
  const r = mulberry32(deriveSeed(seed, `heavy/${spec.id}`));
  const growth = n.trend ? uniform(r, n.trend[0], n.trend[1]) : 0;
  const shifts: { at: number; factor: number }[] = [];
  if (n.levelShifts) {
    const [lo, hi] = n.levelShifts.factor;
    for (let k = poisson(r, (n.levelShifts.perServiceWeek * (to - from)) / WEEK); k > 0; k--)
      shifts.push({ at: atMinute(r, from, to), factor: Math.exp(uniform(r, Math.log(lo), Math.log(hi))) });
    shifts.sort((a, b) => a.at - b.at);
  }
  const gaps: { from: number; to: number }[] = [];
  if (n.missing) {
    const [m0, m1] = n.missing.minutes;
    for (let k = poisson(r, (n.missing.perServiceDay * (to - from)) / DAY); k > 0; k--) {
      const at = atMinute(r, from, to);
      gaps.push({ from: at, to: at + integer(r, Math.max(1, m0), Math.max(1, m1)) * MINUTE });
    }
  }
  const windows: Window[] = [
    ...holidays.map((h) => {
      const start = localToUtc(spec.timezone, Date.parse(`${h.date}T00:00:00Z`) + h.fromHour * HOUR);
      const length = h.hours * HOUR;
      const ramp = Math.min(HOUR, length / 4);
      return {
        from: start,
        to: start + length,
        multiplier: h.multiplier,
        ramp,
        decayFrom: start + length - ramp,
      };
    }),
    ...launches.map((l) => {
      const length = l.minutes * MINUTE;
      // Users arrive fast at a launch and drift away over its second half.
      return {
        from: l.at,
        to: l.at + length,
        multiplier: l.multiplier,
        ramp: Math.min(10 * MINUTE, length / 4),
        decayFrom: l.at + length / 2,
      };
    }),
  ];
  return {
    level(t) {
      let f = growth === 0 ? 1 : Math.exp((growth * (t - s.start)) / WEEK);
      for (const shift of shifts) {
        if (shift.at > t) break;
        f *= shift.factor;
      }
      for (const w of windows) f *= windowFactor(w, t);
      return f;
    },
    missing: (t) => gaps.some((g) => t >= g.from && t < g.to),
  };
}
