import type { IncidentsRepo } from '../incidents/incidents-repo.ts';
import type { Incident } from '../incidents/types.ts';
import type { SourcesRepo } from './repo/sources-repo.ts';
import type { StoredOutsideEvent } from './types.ts';

const MINUTE = 60_000;

export type LinkOptions = {
  /** How long before an incident's start an event may still belong to it (a withdrawal before the reports). */
  beforeStartMs: number;
  /** How long after an incident was resolved an official statement still belongs to it (pages lag). */
  afterEndMs: number;
  /** Events older than this are no longer matched. */
  maxAgeMs: number;
};

export const DEFAULT_LINK: LinkOptions = {
  beforeStartMs: 45 * MINUTE,
  afterEndMs: 2 * 60 * MINUTE,
  maxAgeMs: 12 * 60 * MINUTE,
};

/** The incident an event belongs to, if any: same provider or a shared service, and a time that fits. */
export function incidentFor(
  e: StoredOutsideEvent,
  incidents: Incident[],
  now: number,
  o: LinkOptions,
): Incident | undefined {
  let best: Incident | undefined;
  for (const i of incidents) {
    const related = i.groupKey === e.provider || i.services.some((s) => e.services.includes(s.service));
    if (!related || e.at > now) continue;
    // Before the start only what points at a problem: an acknowledgement, a withdrawal, a surge of posts.
    if (e.at < i.startedAt && (e.at < i.startedAt - o.beforeStartMs || !(e.ack || e.kind === 'posts')))
      continue;
    if (i.resolvedAt !== null && e.at > i.resolvedAt + (e.kind === 'official' ? o.afterEndMs : 0)) continue;
    if (!best || i.startedAt > best.startedAt) best = i;
  }
  return best;
}

/**
 * Attaches outside events to incidents as timeline rows with their own time, so the timeline reads
 * in the order things happened: a withdrawal at 15:39 lands before the incident opened at 15:42.
 * Each event is attached once (the incidents' link verb is a conditional update), whichever node
 * runs this.
 */
export async function linkEvents(
  repo: SourcesRepo,
  incidents: Pick<IncidentsRepo, 'listIncidents' | 'linkOutsideEvent'>,
  now: number,
  o: LinkOptions = DEFAULT_LINK,
): Promise<number> {
  const events = await repo.unlinkedEvents(now - o.maxAgeMs);
  if (events.length === 0) return 0;
  const recent = (await incidents.listIncidents({ limit: 50 })).filter(
    (i) => i.resolvedAt === null || i.resolvedAt >= now - o.afterEndMs - o.maxAgeMs,
  );
  if (recent.length === 0) return 0;
  let linked = 0;
  for (const e of events) {
    const i = incidentFor(e, recent, now, o);
    if (!i) continue;
    const row = {
      at: e.at,
      kind: e.kind,
      service: e.services.length === 1 ? e.services[0] : undefined,
      message: e.message,
      data: { ...e.data, provider: e.provider, ack: e.ack, outsideEvent: e.id },
    };
    if (await incidents.linkOutsideEvent(e.id, i.id, row)) linked++;
  }
  return linked;
}
