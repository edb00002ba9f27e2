/**
 * A service's normal report rate over time: daily cycle (trough at local night) × weekly cycle,
 * in the service's time zone, scaled.
 */
import { DAY, HOUR, MINUTE } from '../shared/time.ts';
import type { ServiceSpec } from './schema.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** UTC offset of `tz` at `t`, in ms ("America/New_York" in October: −4 h). */
export function utcOffset(tz: string, t: number): number {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' });
    formatters.set(tz, f);
  }
  const name = f.formatToParts(new Date(t)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d\d):(\d\d)/.exec(name);
  if (!m) return 0;
  const ms = Number(m[2]) * HOUR + Number(m[3]) * MINUTE;
  return m[1] === '-' ? -ms : ms;
}

/** Fraction of the daily peak at local hour `h` (0..24): a cosine from `trough` at troughHour to 1. */
export const dailyShape = (h: number, trough: number, troughHour: number): number =>
  trough + ((1 - trough) * (1 - Math.cos((2 * Math.PI * (h - troughHour)) / 24))) / 2;

/** The normal rate of one service, reports per minute, with the time-zone offset cached per hour. */
export function baselineRate(spec: ServiceSpec, scale: number): (t: number) => number {
  const offsets = new Map<number, number>();
  const peakPerMinute = (spec.per15 * scale) / 15;
  return (t: number) => {
    const hour = Math.floor(t / HOUR);
    let offset = offsets.get(hour);
    if (offset === undefined) {
      offset = utcOffset(spec.timezone, hour * HOUR);
      offsets.set(hour, offset);
    }
    const local = t + offset;
    const h = (((local % DAY) + DAY) % DAY) / HOUR;
    const weekday = (((Math.floor(local / DAY) + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday
    return peakPerMinute * dailyShape(h, spec.trough, spec.troughHour) * spec.weekly[weekday]!;
  };
}

/** Normalised shares of a mix over `keys` (0 for missing keys). */
export function shares(mix: Record<string, number>, keys: readonly string[]): Float64Array {
  const out = new Float64Array(keys.length);
  let total = 0;
  keys.forEach((k, i) => {
    out[i] = mix[k] ?? 0;
    total += out[i]!;
  });
  if (total > 0) for (let i = 0; i < out.length; i++) out[i] = out[i]! / total;
  return out;
}

/** Largest share among named countries (the aggregate "other" is diffuse and never counts as one country). */
export function topNamedShare(weights: Float64Array, keys: readonly string[]): number {
  let top = 0;
  keys.forEach((k, i) => {
    if (k !== 'other' && weights[i]! > top) top = weights[i]!;
  });
  return top;
}
