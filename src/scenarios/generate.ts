/**
 * The scenario generator: per-minute, per-service counted reports with their breakdown by problem
 * and country and the robustness fields the detector uses (identities, networks, top shares).
 * Counts are what the intake would have counted (one per identity per service per 15 min).
 * Deterministic for (scenario, seed, scale).
 */
import { floorTo, HOUR, MINUTE, WINDOW } from '../shared/time.ts';
import { type Heavy, planHeavy } from './heavy.ts';
import { type PlannedNoise, planNoise, sympathyMultiplier } from './noise.ts';
import { baselineRate, shares, topNamedShare } from './profile.ts';
import { deriveSeed, gamma, mulberry32, multinomial, normal, poisson, type Random } from './random.ts';
import type { Scenario, Statement } from './schema.ts';
import { type OutageTrack, outageTracks, type ScenarioKeys, scenarioKeys } from './tracks.ts';

/** How to generate. */
export type GenerateOptions = {
  seed: number;
  /** Multiplies every organic volume (baselines, outage peaks, bursts); attacks keep their size. Default 1. */
  scale?: number;
  /** Start `warmupDays` before the scenario's start (frames flagged `warmup`). Default true. */
  warmup?: boolean;
  /** Fill `problems` and `countries` (otherwise empty arrays, and faster). Default true. */
  breakdown?: boolean;
};

/** One service in one minute. */
export type ServiceMinute = {
  service: string;
  count: number;
  identities: number;
  networks: number;
  topNetworkShare: number;
  topCountryShare: number;
  usualTopCountryShare: number;
  /** Counts aligned with `ScenarioKeys.problems` / `.countries` (empty without breakdown). */
  problems: number[];
  countries: number[];
  /** Ground truth: "incident-id/service" when this minute lies in an outage, else null. */
  outage: string | null;
  /** Present (true) in a minute without data (`noise.missing`): every count is 0. */
  missing?: true;
};

/** Everything generated for one minute. */
export type MinuteFrame = { t: number; warmup: boolean; services: ServiceMinute[]; statements: Statement[] };

type Track = {
  id: string;
  rate: (t: number) => number;
  r: Random;
  drift: number;
  baseProblems: Float64Array;
  baseCountries: Float64Array;
  topCountry: number;
  usualTop: number;
  outages: OutageTrack[];
  noise: PlannedNoise[];
  heavy: Heavy | null;
  /** The current overdispersion multiplier when it is held for several minutes or gamma-drawn. */
  held: number;
};

/** Problem and country keys the breakdown arrays are aligned with (re-exported for callers). */
export { type ScenarioKeys, scenarioKeys };

/** First and last (exclusive) minute the generator yields for these options. */
export function generatedSpan(s: Scenario, options: Pick<GenerateOptions, 'warmup'> = {}): [number, number] {
  const from = options.warmup === false ? s.start : s.start - s.warmupDays * 24 * HOUR;
  return [floorTo(from, MINUTE), s.end];
}

/** Yields one frame per minute from the (warm-up) start to the scenario's end. */
export function* generate(s: Scenario, options: GenerateOptions): Generator<MinuteFrame> {
  const scale = options.scale ?? 1;
  const breakdown = options.breakdown !== false;
  const [from, to] = generatedSpan(s, options);
  const keys = scenarioKeys(s);
  const noise = planNoise(s, options.seed, from, to);
  const outages = outageTracks(s, keys, scale);
  const n = s.noise;
  const sigma = Math.sqrt(Math.log(1 + n.overdispersion));
  const rho = Math.exp(-1 / (n.drift.hours * 60));
  const innovation = n.drift.sd * Math.sqrt(1 - rho * rho);
  const tracks: Track[] = s.services.map((spec) => {
    const r = mulberry32(deriveSeed(options.seed, spec.id));
    const baseCountries = shares(spec.countries, keys.countries);
    let topCountry = 0;
    baseCountries.forEach((v, i) => {
      if (keys.countries[i] !== 'other' && v > baseCountries[topCountry]!) topCountry = i;
    });
    return {
      id: spec.id,
      rate: baselineRate(spec, scale),
      r,
      drift: n.drift.sd * normal(r),
      baseProblems: shares(spec.problems, keys.problems),
      baseCountries,
      topCountry,
      usualTop: topNamedShare(baseCountries, keys.countries),
      outages: outages.filter((o) => o.service === spec.id),
      noise: noise.get(spec.id) ?? [],
      heavy: planHeavy(s, spec, options.seed, from, to),
      held: 1,
    };
  });
  const statements = s.incidents.flatMap((i) => i.statements).sort((a, b) => a.at - b.at);
  let nextStatement = 0;
  const P = keys.problems.length;
  const C = keys.countries.length;
  const scratchP: number[] = new Array(P).fill(0);
  const scratchC: number[] = new Array(C).fill(0);
  const countries = new Float64Array(C);
  const problems = new Float64Array(P);
  const firstProblem = 0;
  // The older scenarios' draw (a log-normal multiplier each minute) stays byte for byte the same;
  // the gamma (negative binomial) and held multipliers are opt-in.
  const classic = n.model === 'lognormal' && n.overdispersionMinutes === 1;
  const drawMultiplier = (r: Random): number =>
    n.model === 'negative-binomial'
      ? n.overdispersion > 0
        ? gamma(r, 1 / n.overdispersion) * n.overdispersion
        : 1
      : Math.exp(sigma * normal(r) - (sigma * sigma) / 2);

  for (let t = from; t < to; t += MINUTE) {
    const said: Statement[] = [];
    while (nextStatement < statements.length && statements[nextStatement]!.at < t + MINUTE) {
      const st = statements[nextStatement++]!;
      if (st.at >= from) said.push(st);
    }
    const services: ServiceMinute[] = [];
    for (const k of tracks) {
      const r = k.r;
      const base = k.heavy ? k.rate(t) * k.heavy.level(t) : k.rate(t);
      let multiplier = 1;
      let burst = 0;
      let identity = 0;
      let subnet = 0;
      let spread = 0;
      let spreadNetworks = 0;
      let spreadTop = 0;
      let spreadCountry = -1;
      for (const e of k.noise) {
        if (e.from > t) break;
        if (t >= e.to) continue;
        if (e.kind === 'sympathy') multiplier *= sympathyMultiplier(e, t);
        else if (e.kind === 'viral-burst')
          burst += poisson(r, (e.extra * base * 15 * MINUTE) / (e.to - e.from));
        else if (e.kind === 'identity-flood') identity += t === e.from || t % WINDOW === 0 ? 1 : 0;
        else if (e.kind === 'subnet-flood') subnet += subnetShare(e, t);
        else {
          // Spread evenly over its networks: this minute's arrivals come from that many distinct /24s.
          const f = subnetShare(e, t);
          spread += f;
          spreadNetworks += Math.min(f, e.networks);
          spreadTop = Math.max(spreadTop, Math.ceil(f / e.networks));
          if (e.country !== undefined) spreadCountry = keys.countries.indexOf(e.country);
        }
      }
      k.drift = rho * k.drift + innovation * normal(r);
      let od: number;
      if (classic)
        od = Math.exp(sigma * normal(r) - (sigma * sigma) / 2 + k.drift - (n.drift.sd * n.drift.sd) / 2);
      else {
        if (((t - from) / MINUTE) % n.overdispersionMinutes === 0) k.held = drawMultiplier(r);
        od = k.held * Math.exp(k.drift - (n.drift.sd * n.drift.sd) / 2);
      }
      const organic = poisson(r, base * multiplier * od) + burst + identity;
      countries.fill(0);
      problems.fill(0);
      addMix(r, organic, k.baseCountries, scratchC, countries);
      if (breakdown) addMix(r, organic, k.baseProblems, scratchP, problems);
      let failing = 0;
      let outage: string | null = null;
      for (const o of k.outages) {
        if (t < o.start || t >= o.end) continue;
        outage = o.id;
        const level = o.levels[(t - o.start) / MINUTE]!;
        const c = poisson(r, o.peakPerMinute * level * drawMultiplier(r));
        failing += c;
        addMix(r, c, o.countries, scratchC, countries);
        if (breakdown) addMix(r, c, o.problems, scratchP, problems);
      }
      countries[k.topCountry] = countries[k.topCountry]! + subnet;
      problems[firstProblem] = problems[firstProblem]! + subnet;
      if (spread > 0) {
        if (spreadCountry >= 0) countries[spreadCountry] = countries[spreadCountry]! + spread;
        else addMix(r, spread, k.baseCountries, scratchC, countries);
        problems[firstProblem] = problems[firstProblem]! + spread;
      }
      const count = organic + failing + subnet + spread;
      const diffuse = organic + failing;
      const topDiffuse = diffuse > 0 ? Math.max(1, Math.ceil(0.002 * diffuse)) : 0;
      let topCountry = 0;
      for (let i = 0; i < C; i++)
        if (keys.countries[i] !== 'other' && countries[i]! > topCountry) topCountry = countries[i]!;
      if (k.heavy?.missing(t)) {
        services.push({
          service: k.id,
          count: 0,
          identities: 0,
          networks: 0,
          topNetworkShare: 0,
          topCountryShare: 0,
          usualTopCountryShare: k.usualTop,
          problems: breakdown ? new Array<number>(P).fill(0) : [],
          countries: breakdown ? new Array<number>(C).fill(0) : [],
          outage,
          missing: true,
        });
        continue;
      }
      services.push({
        service: k.id,
        count,
        identities: count,
        networks: diffuse - Math.max(0, topDiffuse - 1) + (subnet > 0 ? 1 : 0) + spreadNetworks,
        topNetworkShare: count > 0 ? Math.max(topDiffuse, subnet, spreadTop) / count : 0,
        topCountryShare: count > 0 ? topCountry / count : 0,
        usualTopCountryShare: k.usualTop,
        problems: breakdown ? Array.from(problems) : [],
        countries: breakdown ? Array.from(countries) : [],
        outage,
      });
    }
    yield { t, warmup: t < s.start, services, statements: said };
  }
}

/** Splits `n` by `weights` and adds the parts to `into`. */
function addMix(r: Random, n: number, weights: Float64Array, scratch: number[], into: Float64Array): void {
  if (n <= 0) return;
  multinomial(r, n, weights, scratch);
  for (let i = 0; i < scratch.length; i++) into[i] = into[i]! + scratch[i]!;
}

/** Reports counted this minute from a flood: each identity once per 15-min window, spread evenly. */
function subnetShare(e: { from: number; to: number; identities: number }, t: number): number {
  const windowStart = Math.max(e.from, floorTo(t, WINDOW));
  const windowEnd = Math.min(e.to, floorTo(t, WINDOW) + WINDOW);
  const minutes = (windowEnd - windowStart) / MINUTE;
  const index = (t - windowStart) / MINUTE;
  return Math.floor(e.identities / minutes) + (index < e.identities % minutes ? 1 : 0);
}
