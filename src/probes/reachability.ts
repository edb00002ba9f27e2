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
  /** At least one check kind (DNS, TCP, TLS, HTTP) failed more often than it passed at this vantage point. */
  failing: boolean;
  /** The outermost layer among the failing kinds, and its most frequent code. */
  layer: Layer | null;
  code: string | null;
};

/** How many failing vantage points saw one code at the failing layer ("HTTP_500" from 5). */
export type CodeCount = { code: string; vantages: number };

/**
 * A service's reachability in a minute, as the probes judge it by quorum (not the detector's reading
 * of reports, nor what a person is told). `down` only when at least half of the reachable vantage
 * points that probed it failed at some layer; vantage points whose control targets failed are left
 * out, and so are results that never reached the target (policy refusals, the agent's own errors).
 */
export type Reachability = {
  service: string;
  state: 'up' | 'down' | 'unknown';
  layer: Layer | null;
  code: string | null;
  /** The codes at `layer` and how many failing vantage points saw each, most first. */
  codes: CodeCount[];
  failing: number;
  reachable: number;
  /** Vantage points that probed the service but were excluded as unreachable. */
  excluded: number;
  /** Vantage points whose every result for the service was refused before anything was sent. */
  refused: number;
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
 * Outcomes that say nothing about the target, so they never vote: the address guard refused the
 * check (nothing was sent: "policy:BLOCKED", a resolver that is not an address), or the agent
 * failed inside itself ("INTERNAL").
 */
export const abstains = (outcome: string): boolean =>
  outcome.startsWith('policy:') || outcome.endsWith(':INTERNAL');

const splitOutcome = (outcome: string): [Layer, string] => {
  const i = outcome.indexOf(':');
  return [outcome.slice(0, i) as Layer, outcome.slice(i + 1)];
};

type KindCell = { ok: number; fail: number; outcomes: Map<string, number> };
type Cell = { kinds: Map<string, KindCell>; abstained: number };

/** A vantage point's view of one service: each kind judged on its own, the outermost failing layer named. */
function judgeCell(vantage: string, c: Cell): ServiceAtVantage | null {
  let ok = 0;
  let fail = 0;
  let best: { layer: Layer; code: string } | null = null;
  for (const k of c.kinds.values()) {
    ok += k.ok;
    fail += k.fail;
    if (k.fail <= k.ok) continue;
    const outcome = top(k.outcomes);
    if (!outcome) continue;
    const [layer, code] = splitOutcome(outcome);
    if (!best || ORDER.indexOf(layer) < ORDER.indexOf(best.layer)) best = { layer, code };
  }
  if (ok + fail === 0) return null;
  return { vantage, ok, fail, failing: best !== null, layer: best?.layer ?? null, code: best?.code ?? null };
}

/**
 * Pure: a minute of probe signals → each vantage point's reachability and each service's.
 *
 * Each check kind is judged on its own at each vantage point, so an HTTP 500 is not outvoted by the
 * DNS check that still resolves the name. A vantage point is unreachable when at least half of its
 * control results failed; without control targets, when it probed at least 5 services and 80% or
 * more of them failed (a machine without internet must not report the whole catalog down). A
 * service is down when at least half of the reachable vantage points that probed it fail at some
 * layer. Refused checks (`abstains`) count neither way.
 */
export function judgeMinute(signals: Signal[]): { vantages: VantageState[]; services: Reachability[] } {
  const cells = new Map<string, Map<string, Cell>>(); // vantage → service → cell
  for (const s of signals) {
    const byService = cells.get(s.vantage) ?? new Map<string, Cell>();
    cells.set(s.vantage, byService);
    const c = byService.get(s.service) ?? { kinds: new Map<string, KindCell>(), abstained: 0 };
    byService.set(s.service, c);
    if (s.outcome !== 'ok' && abstains(s.outcome)) {
      c.abstained += s.results;
      continue;
    }
    const k = c.kinds.get(s.kind) ?? { ok: 0, fail: 0, outcomes: new Map<string, number>() };
    c.kinds.set(s.kind, k);
    if (s.outcome === 'ok') k.ok += s.results;
    else {
      k.fail += s.results;
      k.outcomes.set(s.outcome, (k.outcomes.get(s.outcome) ?? 0) + s.results);
    }
  }
  const vantages: VantageState[] = [];
  const perService = new Map<string, { at: ServiceAtVantage[]; excluded: number; refused: number }>();
  for (const [vantage, byService] of [...cells].sort(([a], [b]) => a.localeCompare(b))) {
    const control = byService.has(CONTROL) ? judgeCell(vantage, byService.get(CONTROL)!) : null;
    const judged = [...byService]
      .filter(([s]) => s !== CONTROL)
      .map(([service, c]) => ({ service, at: judgeCell(vantage, c) }));
    const voting = judged.filter((j) => j.at !== null);
    const failingServices = voting.filter((j) => j.at?.failing).length;
    let reason: string | null = null;
    if (control && control.fail > 0 && control.fail * 2 >= control.ok + control.fail)
      reason = 'control targets failing';
    else if (
      !control &&
      voting.length >= BROAD_MIN_SERVICES &&
      failingServices >= BROAD_SHARE * voting.length
    )
      reason = `fails ${failingServices} of ${voting.length} services`;
    vantages.push({ vantage, reachable: reason === null, reason });
    for (const { service, at } of judged) {
      const e = perService.get(service) ?? { at: [], excluded: 0, refused: 0 };
      perService.set(service, e);
      if (at === null) e.refused++;
      else if (reason) e.excluded++;
      else e.at.push(at);
    }
  }
  const services: Reachability[] = [];
  for (const [service, { at, excluded, refused }] of [...perService].sort(([a], [b]) => a.localeCompare(b))) {
    const failingAt = at.filter((v) => v.failing);
    const down = failingAt.length > 0 && failingAt.length * 2 >= at.length;
    const layers = new Map<Layer, number>();
    for (const v of failingAt) if (v.layer) layers.set(v.layer, (layers.get(v.layer) ?? 0) + 1);
    const layer = down ? top(layers, ORDER) : null;
    const counts = new Map<string, number>();
    for (const v of failingAt)
      if (down && v.layer === layer && v.code) counts.set(v.code, (counts.get(v.code) ?? 0) + 1);
    const codes = [...counts]
      .map(([code, vantages]) => ({ code, vantages }))
      .sort((a, b) => b.vantages - a.vantages || a.code.localeCompare(b.code));
    services.push({
      service,
      state: at.length === 0 ? 'unknown' : down ? 'down' : 'up',
      layer,
      code: codes[0]?.code ?? null,
      codes,
      failing: failingAt.length,
      reachable: at.length,
      excluded,
      refused,
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
  condition: 'Content checks',
  policy: 'Checks',
};

const hhmm = (t: number) => new Date(t).toISOString().slice(11, 16);
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** "HTTP 500 from 5", or "HTTP 500 from 3, HTTP 502 from 2" when the failing vantage points disagree. */
function httpCodes(v: Reachability): string {
  const name = (code: string) =>
    code.startsWith('HTTP_') ? `HTTP ${code.slice(5)}` : code.replaceAll('_', ' ');
  if (v.codes.length === 0) return `HTTP failing from ${v.failing}`;
  return v.codes.map((c) => `${name(c.code)} from ${c.vantages}`).join(', ');
}

/**
 * "HTTP 500 from 5 of 5 vantage points since 11:21", "DNS failing from 4 of 5 vantage points since
 * 15:50 (SERVFAIL)", "reachable from 5 of 5 vantage points"; left-out and refusing vantage points said.
 */
export function describeReachability(v: Reachability, since: number | null): string {
  const notes: string[] = [];
  if (v.excluded > 0) notes.push(`${plural(v.excluded, 'unreachable vantage point')} left out`);
  if (v.refused > 0)
    notes.push(`${plural(v.refused, 'vantage point')} refused to send the check (not counted)`);
  const tail = notes.map((n) => `; ${n}`).join('');
  const at = since !== null ? ` since ${hhmm(since)}` : '';
  if (v.state === 'down') {
    if (v.layer === 'http') return `${httpCodes(v)} of ${v.reachable} vantage points${at}${tail}`;
    const codes =
      v.codes.length > 1 ? v.codes.map((c) => `${c.code} ×${c.vantages}`).join(', ') : (v.code ?? '');
    return `${LAYER_NAMES[v.layer ?? 'connect']} failing from ${v.failing} of ${v.reachable} vantage points${at}${codes ? ` (${codes})` : ''}${tail}`;
  }
  if (v.state === 'up')
    return `reachable from ${v.reachable - v.failing} of ${v.reachable} vantage points${tail}`;
  return `no reachable vantage point${tail}`;
}
