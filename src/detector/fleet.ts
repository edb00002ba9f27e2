/**
 * A fleet: every service's detector stepped together, one minute at a time, so each observation can
 * carry what only the fleet knows — how busy its peers are (`globalFactor`) and whether a sibling of
 * the same provider is already down (`relatedIncident`). Used by the live monitor and by replays, so
 * both decide the same way. Pure.
 */
import { peerFactor, peerRatio } from './peer-factor.ts';
import type { Detector, DetectorReading, Observation } from './types.ts';

/** A service in the fleet: `group` names its peer group (e.g. the ISPs of a country). */
export type FleetMember = { id: string; provider?: string | undefined; group?: string | undefined };

export type FleetOptions = {
  /** Pass peer factors as globalFactor (site-wide lower quartile, group median). Default true. */
  peerFactors?: boolean;
  /** Tell a detector when a sibling of the same provider was down the minute before. Default true. */
  relatedIncidents?: boolean;
};

/** Minutes over which peers' ratios of observed to expected are summed. */
const PEER_MINUTES = 5;
/**
 * Largest peer factors: what sympathy can explain. People who cannot reach a big app blame their
 * connection, so every ISP of a country may see a few times its usual reports, and a viral moment
 * lifts a whole site; neither has been seen lifting peers tenfold. A larger shared excess is more
 * likely several real failures, and dividing it away would hide them (ADR 17).
 */
const MAX_SITE_FACTOR = 4;
const MAX_GROUP_FACTOR = 10;
/** What the busiest network may add on top of the rest (as in the detector's maxNetworkShare 0.25). */
const NETWORK_ALLOWANCE = 1 / 3;

/**
 * A member's reports as peers should see them: identities rather than repeats, and the busiest
 * network's surplus cut as the detector cuts it, so one /24 flooding many services does not lift
 * every peer's expectation.
 */
export function dampedCount(o: Observation): number {
  let x = o.count;
  if (o.identities !== undefined && o.identities < x) x = Math.max(0, o.identities);
  if (o.topNetworkShare === undefined) return x;
  const top = Math.min(Math.max(o.topNetworkShare, 0), 1) * x;
  if (top < 2) return x;
  const rest = x - top;
  return rest + Math.min(top, Math.max(1, rest * NETWORK_ALLOWANCE));
}

export class Fleet<S> {
  readonly detector: Detector<S>;
  readonly members: readonly FleetMember[];
  /** Detector state per member, aligned with `members`. */
  readonly states: S[];
  readonly #peers: boolean;
  readonly #related: boolean;
  readonly #groups: number[][];
  readonly #siblings: number[][];
  readonly #down: Uint8Array;
  readonly #downBefore: Uint8Array;
  readonly #counts: Float64Array;
  readonly #expected: Float64Array;
  readonly #baseExpected: Float64Array;
  readonly #ratios: Float64Array;
  readonly #groupRatios: Float64Array;
  readonly #scratch: Float64Array;
  #slot = 0;

  constructor(
    detector: Detector<S>,
    members: FleetMember[],
    options: FleetOptions = {},
    init: () => S = () => detector.init(),
  ) {
    const n = members.length;
    this.detector = detector;
    this.members = members;
    this.states = members.map(() => init());
    this.#peers = options.peerFactors !== false;
    this.#related = options.relatedIncidents !== false;
    const same = (key: 'group' | 'provider') =>
      members.map((m) => (m[key] ? members.flatMap((o, j) => (o[key] === m[key] ? [j] : [])) : []));
    this.#groups = same('group');
    this.#siblings = same('provider').map((list, i) => list.filter((j) => j !== i));
    this.#down = new Uint8Array(n);
    this.#downBefore = new Uint8Array(n);
    this.#counts = new Float64Array(n * PEER_MINUTES);
    this.#expected = new Float64Array(n * PEER_MINUTES);
    this.#baseExpected = new Float64Array(n).fill(Number.NaN);
    this.#ratios = new Float64Array(n);
    this.#groupRatios = new Float64Array(n);
    this.#scratch = new Float64Array(n);
  }

  /**
   * Steps every member for one minute. `observations[i]` belongs to `members[i]`; its
   * globalFactor and relatedIncident are filled in here. Returns the readings, aligned.
   */
  step(observations: Observation[]): DetectorReading[] {
    const n = this.members.length;
    if (this.#peers) this.#updateRatios(observations);
    const readings: DetectorReading[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const o = observations[i]!;
      if (this.#peers) o.globalFactor = this.#globalFactor(i);
      if (this.#related && this.#siblings[i]!.some((j) => this.#downBefore[j] === 1))
        o.relatedIncident = true;
      const v = this.detector.step(this.states[i]!, o);
      this.#down[i] = v.status === 'operational' ? 0 : 1;
      this.#baseExpected[i] = v.expected / Math.max(1, o.globalFactor ?? 1);
      readings[i] = v;
    }
    this.#downBefore.set(this.#down);
    return readings;
  }

  #updateRatios(observations: Observation[]): void {
    const slot = this.#slot;
    for (let i = 0; i < this.members.length; i++) {
      const o = observations[i]!;
      const count = o.peerReports ?? dampedCount(o);
      this.#counts[i * PEER_MINUTES + slot] = count;
      const base = this.#baseExpected[i]!;
      this.#expected[i * PEER_MINUTES + slot] = Number.isNaN(base) ? count : base;
      let c = 0;
      let e = 0;
      for (let k = 0; k < PEER_MINUTES; k++) {
        c += this.#counts[i * PEER_MINUTES + k]!;
        e += this.#expected[i * PEER_MINUTES + k]!;
      }
      // A member that is itself failing says nothing about what its peers should expect.
      this.#ratios[i] = this.#downBefore[i] === 1 ? Number.NaN : peerRatio(c, e);
    }
    this.#slot = (slot + 1) % PEER_MINUTES;
  }

  /**
   * max(site-wide lower quartile of the others, median of the other group members), at least 1, each
   * from operational members only and capped to what sympathy can explain.
   */
  #globalFactor(i: number): number {
    let f = Math.min(MAX_SITE_FACTOR, peerFactor(this.#ratios, i, 0.25, 7, this.#scratch));
    const group = this.#groups[i]!;
    if (group.length >= 3) {
      let self = -1;
      group.forEach((j, k) => {
        this.#groupRatios[k] = this.#ratios[j]!;
        if (j === i) self = k;
      });
      const g = peerFactor(this.#groupRatios.subarray(0, group.length), self, 0.5, 2, this.#scratch);
      f = Math.max(f, Math.min(MAX_GROUP_FACTOR, g));
    }
    return f;
  }
}
