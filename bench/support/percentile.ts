/** Nearest-rank percentile (p in 0..1) of values sorted ascending; undefined when there are none. */
export const percentile = (sorted: readonly number[], p: number): number | undefined =>
  sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
