import {
  type Impact,
  type IncidentStatus,
  impactOf,
  type ServiceState,
  stateRank,
  worseImpact,
} from '../shared/status-vocabulary.ts';
import { MINUTE } from '../shared/time.ts';
import type { Incident, IncidentService, NewEvent } from './types.ts';

/**
 * One service's reading for a minute, with what the incident needs to know: the detector's state
 * and figures, possibly raised by probe evidence before incidents are decided.
 */
export type ServiceReading = {
  service: string;
  status: ServiceState;
  observed: number;
  expected: number;
  /** First minute of the current elevated run (estimated start), or the reading's minute. */
  since: number;
  evidence: readonly string[];
  /** The probes find the service down this minute (set by the probe hook; corroborates a crowd). */
  probesDown?: boolean;
  /** The probes' failure, "layer:code" ("http:HTTP_500"), when they find the service down. */
  probeSignature?: string;
};

/** How services group: a group key per service, a display name per service and per group. */
export type Grouping = {
  groupOf: (service: string) => string;
  /** Services that this one depends on, or that depend on it (either direction joins). */
  related: (service: string) => readonly string[];
  serviceName: (service: string) => string;
  groupName: (group: string) => string;
  /** The infrastructure a service declares it runs on (CDN, cloud, identity, payments). */
  dependsOn?: (service: string) => readonly string[];
};

/** Incidents that start this close together on services sharing a cause are one incident. */
export const JOIN_WINDOW = 15 * MINUTE;

/** "HTTP 500", "DNS SERVFAIL": a probe signature in words. */
const signatureText = (sig: string): string => {
  const [layer = '', code = ''] = sig.split(':');
  if (code.startsWith('HTTP_')) return `HTTP ${code.slice(5)}`;
  return `${layer.toUpperCase()} ${code}`;
};

/**
 * The shared cause of an incident's services, when they span several providers: the dependency
 * most of them declare (at least two, or one when the dependency itself is in the incident).
 */
function causeOf(
  services: readonly string[],
  g: Grouping,
): { dependency: string; behind: number } | undefined {
  if (!g.dependsOn || services.length < 2 || new Set(services.map(g.groupOf)).size < 2) return undefined;
  const counts = new Map<string, number>();
  for (const s of services) for (const d of g.dependsOn(s)) counts.set(d, (counts.get(d) ?? 0) + 1);
  let best: { dependency: string; behind: number } | undefined;
  for (const [d, n] of counts) {
    if (n < 2 && !services.includes(d)) continue;
    if (!best || n > best.behind || (n === best.behind && d < best.dependency))
      best = { dependency: d, behind: n };
  }
  return best;
}

export type Effect =
  | {
      kind: 'open';
      groupKey: string;
      title: string;
      impact: Impact;
      startedAt: number;
      peakRate: number;
      first: IncidentService;
      event: NewEvent;
    }
  | {
      kind: 'update';
      id: number;
      title: string;
      impact: Impact;
      status: IncidentStatus;
      peakAt: number;
      peakRate: number;
      services: IncidentService[];
      events: NewEvent[];
    }
  | { kind: 'resolve'; id: number; services: IncidentService[]; event: NewEvent };

/** English words in the stored timeline message; pages headline each row in the reader's language by its kind. */
const LABEL: Record<ServiceState, string> = {
  operational: 'operational',
  degraded_performance: 'possible problems',
  partial_outage: 'problems detected',
  major_outage: 'major outage',
};

/**
 * An incident's title: "Problems with Instagram", "Meta: Facebook, Instagram", or titled by its
 * cause when it spans providers: "Cloudflare, and 5 services behind it", "HTTP 500 from 3 services:
 * A, B, C" (a shared probe failure without a declared dependency).
 */
export function titleOf(groupKey: string, services: string[], g: Grouping, signature?: string): string {
  const names = services.map(g.serviceName);
  const cause = causeOf(services, g);
  if (cause)
    return `${g.serviceName(cause.dependency)}, and ${cause.behind} service${cause.behind === 1 ? '' : 's'} behind it`;
  if (signature && services.length > 1 && new Set(services.map(g.groupOf)).size > 1)
    return `${signatureText(signature)} from ${services.length} services: ${names.join(', ')}`;
  return services.length === 1 && g.groupOf(services[0]!) === groupKey
    ? `Problems with ${names[0]}`
    : `${g.groupName(groupKey)}: ${names.join(', ')}`;
}

const evidenceText = (v: ServiceReading): string =>
  v.evidence.length > 0 ? ` — ${v.evidence.join('; ')}` : '';

/**
 * Pure: given the open incidents and this minute's readings, what changes. A failing service joins
 * the open incident of its group (its provider) or of a related service, else opens one; a service
 * whose reading is operational again recovers; an incident whose services all recovered resolves.
 * Impact only rises; the peak is the highest summed rate of the incident's services in one minute.
 */
export function decide(open: Incident[], verdicts: ServiceReading[], t: number, g: Grouping): Effect[] {
  // Decisions about minute t are known when it ends: rows and detection times carry that instant.
  const known = t + MINUTE;
  const effects: Effect[] = [];
  const work = open.map((i) => ({
    incident: i,
    services: new Map(i.services.map((s) => [s.service, { ...s }])),
    events: [] as NewEvent[],
    changed: new Set<string>(),
    peakRate: i.peakRate,
    peakAt: i.peakAt,
  }));
  const byVerdict = new Map(verdicts.map((v) => [v.service, v]));
  const pendingOpen = new Map<string, Extract<Effect, { kind: 'open' }>>();
  const dependsOn = g.dependsOn ?? (() => []);
  /** One cause: a declared dependency in common, or the same probe failure this minute. */
  const sameCause = (a: string, b: string): boolean => {
    const sig = byVerdict.get(a)?.probeSignature;
    if (sig !== undefined && sig === byVerdict.get(b)?.probeSignature) return true;
    const da = dependsOn(a);
    return dependsOn(b).some((d) => da.includes(d));
  };

  for (const v of verdicts) {
    if (v.status === 'operational') continue;
    const mine = work.find((w) => w.services.has(v.service));
    const target =
      mine ??
      work.find(
        (w) =>
          w.incident.groupKey === g.groupOf(v.service) || g.related(v.service).some((r) => w.services.has(r)),
      ) ??
      // Started together (within the join window) with the same cause: one incident.
      work.find(
        (w) =>
          w.incident.resolvedAt === null &&
          Math.abs(v.since - w.incident.startedAt) <= JOIN_WINDOW &&
          [...w.services.keys()].some((s) => sameCause(s, v.service)),
      );
    if (target) {
      const s = target.services.get(v.service);
      if (!s) {
        target.services.set(v.service, {
          service: v.service,
          status: v.status,
          startedAt: v.since,
          detectedAt: known,
          recoveredAt: null,
          peakAt: t,
          peakRate: Math.round(v.observed),
        });
        target.events.push({
          at: known,
          kind: 'service_added',
          service: v.service,
          message: `${g.serviceName(v.service)}: ${LABEL[v.status]}${evidenceText(v)}`,
          data: { observed: v.observed, expected: v.expected },
        });
        target.changed.add(v.service);
        continue;
      }
      if (s.recoveredAt !== null) {
        s.recoveredAt = null;
        target.events.push({
          at: known,
          kind: 'relapse',
          service: v.service,
          message: `${g.serviceName(v.service)}: problems again${evidenceText(v)}`,
        });
        target.changed.add(v.service);
      }
      if (s.status !== v.status) {
        const worse = stateRank(v.status) > stateRank(s.status);
        target.events.push({
          at: known,
          kind: worse ? 'escalated' : 'improving',
          service: v.service,
          message: `${g.serviceName(v.service)}: ${LABEL[v.status]}${evidenceText(v)}`,
        });
        s.status = v.status;
        target.changed.add(v.service);
      }
      if (v.observed > s.peakRate) {
        s.peakRate = Math.round(v.observed);
        s.peakAt = t;
        target.changed.add(v.service);
      }
      continue;
    }
    const groupKey = g.groupOf(v.service);
    const pending = pendingOpen.get(groupKey);
    if (pending) continue; // a second service of a group opened this minute joins on the next tick
    // …and so does one that shares a cause with a service opening this minute.
    if ([...pendingOpen.values()].some((p) => sameCause(p.first.service, v.service))) continue;
    const first: IncidentService = {
      service: v.service,
      status: v.status,
      startedAt: v.since,
      detectedAt: known,
      recoveredAt: null,
      peakAt: t,
      peakRate: Math.round(v.observed),
    };
    const open: Extract<Effect, { kind: 'open' }> = {
      kind: 'open',
      groupKey,
      title: titleOf(groupKey, [v.service], g),
      impact: impactOf(v.status),
      startedAt: v.since,
      peakRate: Math.round(v.observed),
      first,
      event: {
        at: known,
        kind: 'opened',
        service: v.service,
        message: `${g.serviceName(v.service)}: ${LABEL[v.status]}${evidenceText(v)}`,
        data: { observed: v.observed, expected: v.expected, since: v.since },
      },
    };
    pendingOpen.set(groupKey, open);
    effects.push(open);
  }

  for (const w of work) {
    let rate = 0;
    for (const s of w.services.values()) {
      const v = byVerdict.get(s.service);
      if (s.recoveredAt === null && (!v || v.status === 'operational')) {
        s.recoveredAt = known;
        s.status = 'operational';
        w.events.push({
          at: known,
          kind: 'service_recovered',
          service: s.service,
          message: `${g.serviceName(s.service)}: back to normal`,
        });
        w.changed.add(s.service);
      }
      if (s.recoveredAt === null && v) rate += v.observed;
    }
    const services = [...w.services.values()];
    if (services.every((s) => s.recoveredAt !== null)) {
      effects.push({
        kind: 'resolve',
        id: w.incident.id,
        services: services.filter((s) => w.changed.has(s.service)),
        event: { at: known, kind: 'resolved', message: 'All services are back to normal.' },
      });
      continue;
    }
    if (rate > w.peakRate) {
      w.peakRate = Math.round(rate);
      w.peakAt = t;
    }
    const impact = services.reduce((i, s) => worseImpact(i, impactOf(s.status)), w.incident.impact);
    const anyRecovered = services.some((s) => s.recoveredAt !== null);
    const status: IncidentStatus =
      w.incident.status === 'identified' ? 'identified' : anyRecovered ? 'monitoring' : 'investigating';
    const active = services
      .filter((s) => s.recoveredAt === null)
      .map((s) => byVerdict.get(s.service)?.probeSignature);
    const signature =
      active.length > 0 && active.every((x) => x !== undefined && x === active[0]) ? active[0] : undefined;
    const title = titleOf(
      w.incident.groupKey,
      services.map((s) => s.service),
      g,
      signature,
    );
    const changed =
      w.changed.size > 0 ||
      impact !== w.incident.impact ||
      status !== w.incident.status ||
      title !== w.incident.title ||
      w.peakRate !== w.incident.peakRate;
    if (changed) {
      effects.push({
        kind: 'update',
        id: w.incident.id,
        title,
        impact,
        status,
        peakAt: w.peakAt,
        peakRate: w.peakRate,
        services: services.filter((s) => w.changed.has(s.service)),
        events:
          impact !== w.incident.impact
            ? [...w.events, { at: known, kind: 'impact', message: `Impact now ${impact}.` }]
            : w.events,
      });
    }
  }
  return effects;
}
