/** Number formats of bench/intake's report: thousands separators, fixed decimals, whole percents. */
export const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export const pct = (n: number): string => `${Math.round(n)}%`;
