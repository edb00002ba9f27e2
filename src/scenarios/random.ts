/**
 * A small seeded PRNG (mulberry32) and the samplers the scenario generator and tests need.
 * Same seed, same sequence, on every machine: no Math.random anywhere in scenarios or tests.
 */
import { lnGamma } from '../detector/gamma.ts';

/** A seeded random source. `next()` is uniform on [0, 1). */
export type Random = {
  next(): number;
  /** Spare standard normal from Box–Muller (NaN when empty). */
  spare: number;
};

/** A mulberry32 generator seeded with a 32-bit integer. */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return {
    next() {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
    spare: Number.NaN,
  };
}

/** A 32-bit hash of a seed and a label (FNV-1a), to derive independent streams ("instagram", "events"). */
export function deriveSeed(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  return (h ^ (h >>> 13)) >>> 0;
}

/** Uniform on [lo, hi). */
export const uniform = (r: Random, lo: number, hi: number): number => lo + (hi - lo) * r.next();

/** A uniform integer in [lo, hi]. */
export const integer = (r: Random, lo: number, hi: number): number =>
  lo + Math.floor((hi - lo + 1) * r.next());

/** Standard normal (Box–Muller, caching the second value). */
export function normal(r: Random): number {
  if (!Number.isNaN(r.spare)) {
    const v = r.spare;
    r.spare = Number.NaN;
    return v;
  }
  let u = r.next();
  while (u <= 1e-300) u = r.next();
  const radius = Math.sqrt(-2 * Math.log(u));
  const angle = 2 * Math.PI * r.next();
  r.spare = radius * Math.sin(angle);
  return radius * Math.cos(angle);
}

/** Poisson(lambda): Knuth's method below 10, Hörmann's PTRS above (exact, O(1)). */
export function poisson(r: Random, lambda: number): number {
  if (!(lambda > 0)) return 0;
  if (lambda < 10) {
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = r.next();
    while (p > limit) {
      k++;
      p *= r.next();
    }
    return k;
  }
  const slam = Math.sqrt(lambda);
  const loglam = Math.log(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = r.next() - 0.5;
    const v = r.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (
      Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <=
      -lambda + k * loglam - lnGamma(k + 1)
    ) {
      return k;
    }
  }
}

/** Binomial(n, p): exact by trials for small n, normal approximation (clamped) for large n. */
export function binomial(r: Random, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (n < 40) {
    let k = 0;
    for (let i = 0; i < n; i++) if (r.next() < p) k++;
    return k;
  }
  const mean = n * p;
  if (mean < 10) return Math.min(n, poisson(r, mean));
  const k = Math.round(mean + Math.sqrt(mean * (1 - p)) * normal(r));
  return Math.max(0, Math.min(k, n));
}

/** Splits n into `out` by the weights (summing to 1): a multinomial draw. Returns `out`. */
export function multinomial(r: Random, n: number, weights: ArrayLike<number>, out: number[]): number[] {
  let left = n;
  let mass = 1;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    const k = i === weights.length - 1 ? left : binomial(r, left, mass > 0 ? w / mass : 0);
    out[i] = k;
    left -= k;
    mass -= w;
  }
  return out;
}

/** Gamma(shape, 1) (Marsaglia–Tsang; shape < 1 through the U^(1/shape) boost). */
export function gamma(r: Random, shape: number): number {
  if (shape < 1) {
    let u = r.next();
    while (u <= 1e-300) u = r.next();
    return gamma(r, shape + 1) * u ** (1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(r);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = r.next();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}
