/**
 * CPU cost of the detectors: 100,000 series stepped together tick after tick, as the live detector
 * loop does once a minute. Baselines are primed from a weekly profile so every series is past its
 * learning period; 1% of the series are in an outage (20×) so the tail-probability path is exercised.
 */
import { fixedThreshold } from '../../src/detector/fixed-threshold.ts';
import { resolveSeasonalOptions } from '../../src/detector/seasonal-options.ts';
import { createSeasonalState, primeSeasonal, seasonalPoisson } from '../../src/detector/seasonal-poisson.ts';
import type { Detector, Observation } from '../../src/detector/types.ts';
import { mulberry32, poisson } from '../../src/scenarios/random.ts';
import { MINUTE } from '../../src/shared/time.ts';

/** One CPU measurement. */
export type CpuResult = {
  detector: string;
  series: number;
  ticks: number;
  usPerSeriesTick: number;
  msPerTick: number;
};

const T0 = Date.UTC(2024, 3, 1);

/** Times `ticks` ticks of `series` series after `warmTicks` untimed ticks (JIT warm-up). */
export function measureCpu<S>(
  detector: Detector<S>,
  makeState: (rate: number) => S,
  series: number,
  ticks: number,
  warmTicks: number,
): CpuResult {
  const r = mulberry32(42);
  const rates = new Float64Array(series);
  for (let i = 0; i < series; i++) rates[i] = 0.05 * 600 ** r.next(); // 0.05 to 30 per minute, log-uniform
  const states: S[] = [];
  for (let i = 0; i < series; i++) states.push(makeState(rates[i]!));
  const total = warmTicks + ticks;
  const counts = new Float64Array(series * total);
  for (let i = 0; i < series; i++) {
    const outage = i % 100 === 0;
    for (let k = 0; k < total; k++)
      counts[i * total + k] = poisson(r, rates[i]! * (outage && k >= 2 ? 20 : 1));
  }
  let sink = 0;
  const tick = (k: number) => {
    const t = T0 + k * MINUTE;
    for (let i = 0; i < series; i++) {
      const count = counts[i * total + k]!;
      const o: Observation = {
        t,
        count,
        identities: count,
        topNetworkShare: count > 0 ? 1 / count : 0,
        topCountryShare: 0.3,
      };
      sink += detector.step(states[i]!, o).score;
    }
  };
  for (let k = 0; k < warmTicks; k++) tick(k);
  const start = process.hrtime.bigint();
  for (let k = warmTicks; k < total; k++) tick(k);
  const ns = Number(process.hrtime.bigint() - start);
  if (Number.isNaN(sink)) throw new Error('unreachable');
  return {
    detector: detector.name,
    series,
    ticks,
    usPerSeriesTick: ns / 1000 / (series * ticks),
    msPerTick: ns / 1e6 / ticks,
  };
}

/** Both detectors at the given size. */
export function cpuSuite(series: number, ticks: number, warmTicks: number): CpuResult[] {
  const config = resolveSeasonalOptions();
  const weekly = new Float64Array(168);
  const seasonal = measureCpu(
    seasonalPoisson,
    (rate) => {
      const s = createSeasonalState(config);
      weekly.fill(rate);
      primeSeasonal(s, weekly);
      return s;
    },
    series,
    ticks,
    warmTicks,
  );
  const fixed = measureCpu(fixedThreshold, () => fixedThreshold.init(), series, ticks, warmTicks);
  return [seasonal, fixed];
}
