/**
 * The windows of seasonal-poisson: the ring of recent steps (counted reports outside the busiest
 * network, the busiest network's reports, expected), gap filling, the robustness discounts applied
 * on the way in, and the window sums read back out.
 */
import { expectedRate } from './baseline.ts';
import { allowed } from './seasonal-rules.ts';
import type { SeasonalState, Windows } from './seasonal-state.ts';
import type { Observation } from './types.ts';

/** Pushes one step into the ring: counted reports outside the top network, the top network's, expected. */
export function push(s: SeasonalState, rest: number, top: number, mu: number): void {
  const L = s.config.long;
  s.ring[s.pos] = rest;
  s.ring[L + s.pos] = top;
  s.ring[2 * L + s.pos] = mu;
  s.pos = s.pos + 1 === L ? 0 : s.pos + 1;
}

/** Missing intervals count as zero reports (at most one window's worth is replayed). */
export function fillGap(s: SeasonalState, t: number): void {
  const c = s.config;
  const gap = Math.round((t - s.lastT) / c.stepMs) - 1;
  if (!(gap > 0)) return;
  for (let i = 1; i <= Math.min(gap, c.long); i++) {
    push(s, 0, 0, Math.max(expectedRate(s.baseline, s.lastT + i * c.stepMs), c.floorRate) * c.interval);
  }
  s.age += gap;
  s.streak = 0;
  s.warm = 0;
  if (s.status > 0) s.calm += gap;
}

/** Applies the robustness inputs and pushes the step; returns this step's counted reports. */
export function ingest(s: SeasonalState, o: Observation, mu: number): number {
  const c = s.config;
  let x = o.count;
  if (o.identities !== undefined && o.identities < x) x = Math.max(0, o.identities);
  let top = 0;
  if (o.topNetworkShare !== undefined) {
    const tc = Math.min(Math.max(o.topNetworkShare, 0), 1) * x;
    if (tc >= 2) top = tc; // a single report is never a flood
  }
  let rest = x - top;
  if (o.topCountryShare !== undefined && x > 0) {
    const usual = o.usualTopCountryShare ?? (s.usualCountryWeight > 0 ? s.usualCountry : 1);
    const excess = o.topCountryShare - usual - c.countryTolerance;
    if (excess > 0) rest -= Math.min(rest, excess * x * c.countryWeight);
  }
  push(s, rest, top, mu);
  // The sustained sums give the busiest network no floor of one report: a flood that goes on for
  // hours would otherwise count one report a minute on a quiet service.
  s.windows.lasting = rest + Math.min(top, rest * c.networkAllowance);
  return allowed(rest, top, c.networkAllowance);
}

/** Sums the windows (newest first) into the scratch object. */
export function scan(s: SeasonalState, w: Windows): void {
  const c = s.config;
  const L = c.long;
  const ring = s.ring;
  let restS = 0;
  let topS = 0;
  let restL = 0;
  let topL = 0;
  let high = 0;
  let second = 0;
  w.es = 0;
  w.el = 0;
  w.xb = 0;
  w.eb = 0;
  let i = s.pos;
  for (let k = 0; k < L; k++) {
    i = i === 0 ? L - 1 : i - 1;
    const rest = ring[i]!;
    const top = ring[L + i]!;
    const mu = ring[2 * L + i]!;
    restL += rest;
    topL += top;
    w.el += mu;
    if (k < c.calmSteps) {
      w.xb += allowed(rest, top, c.networkAllowance);
      w.eb += mu;
    }
    if (k < c.short) {
      const v = allowed(rest, top, c.networkAllowance);
      if (v > high) {
        second = high;
        high = v;
      } else if (v > second) second = v;
      restS = restL;
      topS = topL;
      w.es = w.el;
    }
  }
  w.xs = allowed(restS, topS, c.networkAllowance);
  w.xl = allowed(restL, topL, c.networkAllowance);
  // A lone spike (the busiest minute more than twice the next, plus 3) is cut to the next minute
  // when deciding calm, so a one-minute blip after an outage does not restart the count.
  w.xc = c.short >= 3 && high > 2 * second + 3 ? w.xs - high + second : w.xs;
}
