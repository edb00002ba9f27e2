/**
 * Peer factors: how much busier than usual a service's peers are right now, to pass as
 * `Observation.globalFactor`. When the whole site goes viral, or every ISP spikes because a big app
 * is down and people blame their connection, each member's expectation rises with its peers, while
 * a service that is really down alone stands out. Pure; the caller keeps the windows.
 */

/** The q-quantile (0..1) of values[0..n), sorting that part of the scratch array in place. */
function quantile(values: Float64Array, n: number, q: number): number {
  const a = values.subarray(0, n).sort();
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return a[lo]! + (pos - lo) * (a[hi]! - a[lo]!);
}

/**
 * Smoothed ratio of recent reports to their expectation for one member: (observed + 1) / (expected + 1),
 * over a few minutes (e.g. the last 5), so quiet members neither dominate nor divide by zero.
 */
export const peerRatio = (observed: number, expected: number): number => (observed + 1) / (expected + 1);

/**
 * The factor for member `self` of a group: the q-quantile of the OTHER members' ratios, never below 1;
 * 1 when fewer than `minPeers` others. A NaN ratio (a member that is itself down) is left out. Use q = 0.5 within a peer group (every ISP of a country) and a
 * low quantile such as 0.25 across the whole site, so a few services that are really down do not lift
 * everyone's expectations. `scratch` must hold ratios.length values.
 */
export function peerFactor(
  ratios: ArrayLike<number>,
  self: number,
  q: number,
  minPeers: number,
  scratch: Float64Array,
): number {
  let n = 0;
  for (let i = 0; i < ratios.length; i++) {
    const r = ratios[i]!;
    if (i !== self && !Number.isNaN(r)) scratch[n++] = r;
  }
  if (n < minPeers) return 1;
  return Math.max(1, quantile(scratch, n, q));
}
