import { CONTROL } from './check.ts';
import type { Layer } from './result.ts';

/** One per-minute probe signal (see ProbeRepo): results of (service, vantage, kind) with one outcome. */
export type Signal = { service: string; vantage: string; kind: string; outcome: string; results: number };

export type VantageState = {
  vantage: string;
  reachable: boolean;
  /** Why a vantage point is unreachable ("control targets failing", "fails 9 of 10 services"). */
  reason: string | null;
};

/** One service seen from one vantage point in a minute. */
export type ServiceAtVantage = {
  vantage: string;
  ok: number;
  fail: number;
  failing: boolean;
  layer: Layer | null;
  code: string | null;
};

/**
 * A service's probe verdict for a minute. `down` only when at least half of the reachable vantage
 * points that probed it failed; vantage points whose control targets failed are left out.
 */
export type ProbeVerdict = {
  service: string;
  state: 'up' | 'down' | 'unknown';
  layer: Layer | null;
  code: string | null;
  failing: number;
  reachable: number;
  /** Vantage points that probed the service but were excluded as unreachable. */
  excluded: number;
  vantages: ServiceAtVantage[];
};

/** Outer layers first: when two layers fail equally often, the outer one explains the other. */
const ORDER: Layer[] = ['dns', 'connect', 'tls', 'http', 'condition', 'policy'];

/** The most frequent key (ties: first in `order`, else alphabetical). */
function top<K extends string>(counts: Map<K, number>, order: readonly K[] = []): K | null {
  let best: K | null = null;
  for (const [k, n] of counts) {
    const b = best === null ? -1 : counts.get(best)!;
    const rank = (x: K) => (order.includes(x) ? order.indexOf(x) : order.length);
    if (n > b || (n === b && best !== null && (rank(k) < rank(best) || (rank(k) === rank(best) && k < best))))
      best = k;
  }
  return best;
}

const BROAD_MIN_SERVICES = 5;
const BROAD_SHARE = 0.8;

/**
 * Pure: a minute of probe signals → each vantage point's reachability and each service's verdict.
 *
 * A vantage point is unreachable when at least half of its control results failed; without control
 * targets, when it probed at least 5 services and 80% or more of them failed (a machine without
 * internet must not report the whole catalog down). A service is down when at least half of the
 * reachable vantage points that probed it saw more failures than successes.
 */
export function judgeMinute(signals: Signal[]): { vantages: VantageState[]; services: ProbeVerdict[] } {
  type Cell = { ok: number; fail: number; outcomes: Map<string, number> };
  const cells = new Map<string, Map<string, Cell>>(); // vantage → service → cell
  for (const s of signals) {
    const byService = cells.get(s.vantage) ?? new Map<string, Cell>();
    cells.set(s.vantage, byService);
    const c = byService.get(s.service) ?? { ok: 0, fail: 0, outcomes: new Map<string, number>() };
    byService.set(s.service, c);
    if (s.outcome === 'ok') c.ok += s.results;
    else {
      c.fail += s.results;
      c.outcomes.set(s.outcome, (c.outcomes.get(s.outcome) ?? 0) + s.results);
    }
  }
  const vantages: VantageState[] = [];
  const perService = new Map<string, { at: ServiceAtVantage[]; excluded: number }>();
  for (const [vantage, byService] of [...cells].sort(([a], [b]) => a.localeCompare(b))) {
    const control = byService.get(CONTROL);
    const services = [...byService].filter(([s]) => s !== CONTROL);
    const failingServices = services.filter(([, c]) => c.fail > c.ok).length;
    let reason: string | null = null;
    if (control && control.fail > 0 && control.fail * 2 >= control.ok + control.fail)
      reason = 'control targets failing';
    else if (
      !control &&
      services.length >= BROAD_MIN_SERVICES &&
      failingServices >= BROAD_SHARE * services.length
    )
      reason = `fails ${failingServices} of ${services.length} services`;
    vantages.push({ vantage, reachable: reason === null, reason });
    for (const [service, c] of services) {
      const e = perService.get(service) ?? { at: [], excluded: 0 };
      perService.set(service, e);
      if (reason) {
        e.excluded++;
        continue;
      }
      const outcome = top(c.outcomes);
      const [layer, code] = outcome ? (outcome.split(/:(.*)/s) as [Layer, string]) : [null, null];
      e.at.push({ vantage, ok: c.ok, fail: c.fail, failing: c.fail > c.ok, layer, code });
    }
  }
  const services: ProbeVerdict[] = [];
  for (const [service, { at, excluded }] of [...perService].sort(([a], [b]) => a.localeCompare(b))) {
    const failingAt = at.filter((v) => v.failing);
    const down = failingAt.length > 0 && failingAt.length * 2 >= at.length;
    const layers = new Map<Layer, number>();
    const codes = new Map<string, number>();
    for (const v of failingAt) {
      if (v.layer) layers.set(v.layer, (layers.get(v.layer) ?? 0) + 1);
      if (v.code) codes.set(v.code, (codes.get(v.code) ?? 0) + 1);
    }
    const layer = down ? top(layers, ORDER) : null;
    const code = down
      ? top(new Map([...codes].filter(([c]) => failingAt.some((v) => v.layer === layer && v.code === c))))
      : null;
    services.push({
      service,
      state: at.length === 0 ? 'unknown' : down ? 'down' : 'up',
      layer,
      code,
      failing: failingAt.length,
      reachable: at.length,
      excluded,
      vantages: at,
    });
  }
  return { vantages, services };
}

const LAYER_NAMES: Record<Layer, string> = {
  dns: 'DNS',
  connect: 'Connections',
  tls: 'TLS',
  http: 'HTTP',
  condition: 'Checks',
  policy: 'Checks',
};

const hhmm = (t: number) => new Date(t).toISOString().slice(11, 16);

/** "DNS failing from 4 of 5 vantage points since 15:50 (SERVFAIL)" / "reachable from 5 of 5 vantage points". */
export function describeVerdict(v: ProbeVerdict, since: number | null): string {
  const excluded =
    v.excluded > 0 ? `; ${v.excluded} unreachable vantage point${v.excluded > 1 ? 's' : ''} left out` : '';
  if (v.state === 'down')
    return `${LAYER_NAMES[v.layer ?? 'connect']} failing from ${v.failing} of ${v.reachable} vantage points${since !== null ? ` since ${hhmm(since)}` : ''}${v.code ? ` (${v.code})` : ''}${excluded}`;
  if (v.state === 'up')
    return `reachable from ${v.reachable - v.failing} of ${v.reachable} vantage points${excluded}`;
  return `no reachable vantage point${excluded}`;
}
