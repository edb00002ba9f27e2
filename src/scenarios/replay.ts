/**
 * Replays a generated scenario through a detector, one detector state per service, and records each
 * run of non-operational readings (an "incident" in the benchmark's sense). Peer factors are computed
 * the way the live wiring should: from the other services' recent ratios (see detector/peer-factor.ts).
 */
import { fixedThreshold } from '../detector/fixed-threshold.ts';
import { Fleet } from '../detector/fleet.ts';
import type { AnyDetectorOptions, DetectorName } from '../detector/registry.ts';
import { seasonalPoisson } from '../detector/seasonal-poisson.ts';
import type { Observation } from '../detector/types.ts';
import { type ServiceState, stateRank } from '../shared/status-vocabulary.ts';
import { MINUTE } from '../shared/time.ts';
import { generate, generatedSpan } from './generate.ts';
import type { Scenario } from './schema.ts';

/** How to replay. */
export type ReplayOptions = {
  seed: number;
  scale?: number;
  detector?: DetectorName;
  detectorOptions?: AnyDetectorOptions;
  /** Pass identities, network and country shares to the detector. Default true. */
  robustness?: boolean;
  /** Pass peer factors as globalFactor (site-wide lower quartile, group median). Default true. */
  peerFactors?: boolean;
  /** Tell the detector when a service of the same provider was down the minute before. Default true. */
  relatedIncidents?: boolean;
  /** Called about once per simulated day with minutes done and total. */
  onProgress?: (done: number, total: number) => void;
};

/** A run of non-operational readings on one service: [start, end), end null when still open. */
export type Run = { service: string; start: number; end: number | null; worst: ServiceState };

/** What a replay produced. */
export type ReplayResult = {
  detector: DetectorName;
  scale: number;
  /** Evaluation period (the scenario's start and end). */
  from: number;
  to: number;
  services: string[];
  /** Runs overlapping the evaluation period. */
  runs: Run[];
  /** Detector steps taken (service-minutes, warm-up included). */
  steps: number;
};

/** Replays the scenario; deterministic for the options. */
export function replay(s: Scenario, options: ReplayOptions): ReplayResult {
  const name = options.detector ?? 'seasonal-poisson';
  const robust = options.robustness !== false;
  const members = s.services.map((svc) => ({ id: svc.id, provider: svc.provider, group: svc.group }));
  const fleetOptions = {
    peerFactors: options.peerFactors !== false,
    relatedIncidents: options.relatedIncidents !== false,
  };
  const fleet =
    name === 'fixed-threshold'
      ? new Fleet(fixedThreshold, members, fleetOptions, () => fixedThreshold.init(options.detectorOptions))
      : new Fleet(seasonalPoisson, members, fleetOptions, () =>
          seasonalPoisson.init(options.detectorOptions),
        );
  const n = s.services.length;
  const open: (Run | null)[] = new Array(n).fill(null);
  const runs: Run[] = [];
  const [first, last] = generatedSpan(s);
  const total = (last - first) / MINUTE;
  let steps = 0;
  for (const frame of generate(s, { seed: options.seed, scale: options.scale ?? 1, breakdown: false })) {
    const observations = frame.services.map(
      (m): Observation =>
        robust
          ? {
              t: frame.t,
              count: m.count,
              identities: m.identities,
              networks: m.networks,
              topNetworkShare: m.topNetworkShare,
              topCountryShare: m.topCountryShare,
              usualTopCountryShare: m.usualTopCountryShare,
            }
          : { t: frame.t, count: m.count },
    );
    const readings = fleet.step(observations);
    steps += n;
    for (let i = 0; i < n; i++) {
      const v = readings[i]!;
      const run = open[i];
      if (v.status !== 'operational') {
        if (!run)
          open[i] = { service: frame.services[i]!.service, start: frame.t, end: null, worst: v.status };
        else if (stateRank(v.status) > stateRank(run.worst)) run.worst = v.status;
      } else if (run) {
        run.end = frame.t;
        if (run.end > s.start) runs.push(run);
        open[i] = null;
      }
    }
    if (options.onProgress && (frame.t - first) % (1440 * MINUTE) === 0)
      options.onProgress((frame.t - first) / MINUTE, total);
  }
  for (const run of open) if (run) runs.push(run);
  runs.sort((a, b) => a.start - b.start);
  return {
    detector: name,
    scale: options.scale ?? 1,
    from: s.start,
    to: s.end,
    services: s.services.map((x) => x.id),
    runs,
    steps,
  };
}
