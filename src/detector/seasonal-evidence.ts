/**
 * Human sentences behind a seasonal-poisson reading. Only built when there is something to say
 * (a problem, a high score, or the learning period), so the steady state allocates nothing.
 */
import type { SeasonalState, Windows } from './seasonal-state.ts';

/** "12", "3.4", "0.05". */
const fmt = (n: number): string =>
  n >= 10 ? String(Math.round(n)) : n >= 1 ? n.toFixed(1) : n.toPrecision(1);

/** ", p < 1e-9", ", p = 0.20", or nothing when the tail was not computed (ratio below 1.5). */
const pText = (surprise: number): string =>
  surprise >= 3
    ? `, p < 1e-${Math.floor(surprise)}`
    : surprise > 0
      ? `, p = ${(10 ** -surprise).toPrecision(1)}`
      : '';

const ratioText = (x: number, e: number): string => {
  const r = x / e;
  return r >= 10 ? `${Math.round(r)}×` : `${r.toFixed(1)}×`;
};

/** Builds the evidence list for the current step. */
export function explain(s: SeasonalState, w: Windows, learning: boolean): string[] {
  const c = s.config;
  const out: string[] = [];
  if (s.status > 0) {
    out.push(`Problems detected since ${new Date(s.openedAt).toISOString().slice(11, 16)} UTC.`);
  }
  const shortMin = c.short * c.interval;
  const longMin = c.long * c.interval;
  out.push(
    `${fmt(w.xs)} reports in the last ${shortMin} min vs ${fmt(w.es)} expected (${ratioText(w.xs, w.es)}${pText(w.ss)}).`,
  );
  if (c.long > c.short) {
    out.push(
      `${fmt(w.xl)} reports in the last ${longMin} min vs ${fmt(w.el)} expected (${ratioText(w.xl, w.el)}${pText(w.sl)}).`,
    );
  }
  // The sustained sum nearest its threshold, when it is at least half way there.
  let k = -1;
  for (let j = 0; j < s.sustained.length; j++) {
    if (s.sustained[j]! >= 0.5 * c.sustainedThreshold && (k < 0 || s.sustained[j]! > s.sustained[k]!)) k = j;
  }
  if (k >= 0 && s.sustainedE[k]! > 0) {
    const minutes = Math.round((s.lastT - s.sustainedFrom[k]!) / 60_000) + c.interval;
    out.push(
      `${fmt(s.sustainedX[k]!)} reports over about ${minutes} min vs ${fmt(s.sustainedE[k]!)} expected (${ratioText(s.sustainedX[k]!, s.sustainedE[k]!)}): a small excess that lasts.`,
    );
  }
  if (w.counted < w.count - 0.5) {
    out.push(
      `${fmt(w.count)} reports in this interval but only ${fmt(w.counted)} counted: most came from one network or one country.`,
    );
  }
  if (w.gf > 1)
    out.push(`Reports across the site are ${w.gf.toFixed(1)}× normal; expectations raised to match.`);
  if (learning) {
    out.push(
      `Still learning this service's normal level (${Math.round(s.age * c.interval)} of ${c.learningSteps * c.interval} min of history).`,
    );
  }
  if (s.status > 0 && s.calm > 0) {
    out.push(
      `Near the usual level for ${s.calm * c.interval} of the ${c.calmSteps * c.interval} min needed to resolve.`,
    );
  }
  return out;
}
