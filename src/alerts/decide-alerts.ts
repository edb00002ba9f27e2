import type { Incident, IncidentService } from '../incidents/types.ts';
import { impactRank, type Severity, severityOfState } from '../shared/status-vocabulary.ts';
import { afterQuietHours } from './quiet-hours.ts';
import type {
  OutboxEvent,
  Scope,
  SubscriptionRecord,
  Thread,
  ThreadChange,
  TransitionKind,
} from './types.ts';

/** What matching needs besides the incident: providers of services, the incident's problem categories, timing. */
export type MatchContext = {
  providerOf: (service: string) => string | undefined;
  /** Problem categories that make up a notable share of the incident's reports. */
  categories: ReadonlySet<string>;
  now: number;
  groupWaitMs: number;
  groupIntervalMs: number;
};

/** The incident's services a subscription follows (all of them for a category it matches, or for "all"). */
export function relevantServices(i: Incident, scope: Scope, ctx: MatchContext): IncidentService[] {
  switch (scope.kind) {
    case 'service':
      return i.services.filter((s) => s.service === scope.value);
    case 'provider':
      return i.services.filter((s) => ctx.providerOf(s.service) === scope.value);
    case 'category':
      return ctx.categories.has(scope.value) ? i.services : [];
    case 'all':
      return i.services;
  }
}

/** The worst state among services still failing, as a severity; null when all recovered. */
export function severityOf(services: IncidentService[]): Severity | null {
  let worst: Severity | null = null;
  for (const s of services) {
    const v = s.recoveredAt === null ? severityOfState(s.status) : null;
    if (v && (!worst || impactRank(v) > impactRank(worst))) worst = v;
  }
  return worst;
}

const FOLLOW_UPS = new Set(['service_added', 'escalated', 'relapse']);

/**
 * Pure: what one timeline row means for each subscription, given the incident as it is now and the
 * thread (what the subscriber was last told). A subscriber hears "opened" once the services they
 * follow reach their minimum severity, follow-ups about those services while firing, and
 * "resolved" once all of them recovered — never a resolve for something they were not told about.
 * The first message waits `groupWait` (so a provider-wide incident is one message); later ones at
 * least `groupInterval` after the previous; quiet hours push both to their end.
 */
export function decideAlerts(
  event: OutboxEvent,
  incident: Incident,
  subscriptions: SubscriptionRecord[],
  threads: Map<number, Thread>,
  ctx: MatchContext,
): ThreadChange[] {
  const out: ThreadChange[] = [];
  for (const sub of subscriptions) {
    const services = relevantServices(incident, sub.scope, ctx);
    if (services.length === 0) continue;
    const severity = incident.resolvedAt === null ? severityOf(services) : null;
    const thread = threads.get(sub.id);
    const firing = thread?.state === 'firing';
    let kind: TransitionKind | undefined;
    let service: string | null = event.service;
    if (firing && severity === null) {
      kind = 'resolved';
      service = null;
    } else if (firing) {
      if (FOLLOW_UPS.has(event.kind) && services.some((s) => s.service === event.service))
        kind = event.kind as TransitionKind;
    } else if (severity !== null && impactRank(severity) >= impactRank(sub.minSeverity)) {
      kind = !thread ? 'opened' : event.kind === 'service_added' ? 'service_added' : 'relapse';
      const failing = services.filter((s) => s.recoveredAt === null);
      if (!failing.some((s) => s.service === service)) service = failing[0]?.service ?? null;
    }
    if (!kind) continue;
    const due = thread
      ? Math.max(ctx.now, thread.lastDueAt + ctx.groupIntervalMs)
      : ctx.now + ctx.groupWaitMs;
    out.push({
      subscriptionId: sub.id,
      channel: sub.channel,
      transition: { event: event.id, kind, at: event.at, service },
      state: kind === 'resolved' ? 'resolved' : 'firing',
      dueAt: afterQuietHours(due, sub.quietHours, sub.timeZone),
    });
  }
  return out;
}
