import type { z } from 'zod';
import type { Catalog } from '../catalog/catalog.ts';
import { IMPACTS, type Impact, impactRank, stateRank, worseState } from '../shared/status-vocabulary.ts';
import type { StatusModel } from '../status/service-status.ts';
import type { PublishedIncident } from './published-incidents.ts';
import type {
  SpComponent,
  SpIncident,
  SpIncidentUpdate,
  SpPage,
  SpStatus,
  SpSummary,
} from './statuspage-schema.ts';

/** The whole instance, or one provider's services as a page of its own. */
export type PageScope = { kind: 'instance' } | { kind: 'provider'; slug: string };

export type StatuspageDocs = {
  summary: SpSummary;
  status: { page: z.infer<typeof SpPage>; status: z.infer<typeof SpStatus> };
  components: { page: z.infer<typeof SpPage>; components: SpComponent[] };
  incidents: { page: z.infer<typeof SpPage>; incidents: SpIncident[] };
  unresolved: { page: z.infer<typeof SpPage>; incidents: SpIncident[] };
};

const DESCRIPTION: Record<Impact, string> = {
  none: 'All Systems Operational',
  minor: 'Minor Service Outage',
  major: 'Partial System Outage',
  critical: 'Major System Outage',
};
const LISTED = 50;
const iso = (t: number) => new Date(t).toISOString();

/** Timeline kinds as Statuspage update statuses; other kinds keep the running status. */
function updates(
  p: PublishedIncident,
  pageId: string,
): { list: SpIncidentUpdate[]; monitoringAt: string | null } {
  let status: SpIncidentUpdate['status'] = 'investigating';
  let monitoringAt: string | null = null;
  const list = p.events.map((e): SpIncidentUpdate => {
    if (e.kind === 'resolved') status = 'resolved';
    else if (e.kind === 'service_recovered' || e.kind === 'improving') status = 'monitoring';
    else if (e.kind === 'identified' || e.kind === 'acknowledged') status = 'identified';
    else if (e.kind === 'opened' || e.kind === 'relapse' || e.kind === 'service_added')
      status = 'investigating';
    if (status === 'monitoring' && monitoringAt === null) monitoringAt = iso(e.at);
    return {
      id: `${pageId}-u${e.id}`,
      status,
      body: e.message,
      incident_id: String(p.incident.id),
      created_at: iso(e.at),
      updated_at: iso(e.at),
      display_at: iso(e.at),
      affected_components: null,
      deliver_notifications: true,
      custom_tweet: null,
      tweet_id: null,
    };
  });
  return { list: list.reverse(), monitoringAt };
}

/**
 * Renders the Statuspage v2 documents of a page from the status snapshot (components) and the
 * recent incidents with their timelines. Pure: the caller caches the serialised bodies.
 */
export function statuspageDocs(r: {
  model: StatusModel;
  incidents: PublishedIncident[];
  catalog: Catalog;
  publicUrl: string;
  scope: PageScope;
  /** When this node started: the components' created_at (Downwatch does not track creation). */
  since: number;
}): StatuspageDocs {
  const { model, catalog, scope } = r;
  const providerName = new Map(catalog.providers.map((p) => [p.slug, p.name]));
  const pageId = scope.kind === 'instance' ? 'downwatch' : `provider-${scope.slug}`;
  const updatedAt = model.summary.updatedAt;
  const page = {
    id: pageId,
    name:
      scope.kind === 'instance' ? 'Downwatch' : `${providerName.get(scope.slug) ?? scope.slug} (Downwatch)`,
    url: scope.kind === 'instance' ? r.publicUrl : `${r.publicUrl}/?q=${encodeURIComponent(scope.slug)}`,
    time_zone: 'Etc/UTC',
    updated_at: updatedAt,
  };
  const services = model.summary.services.filter(
    (s) => scope.kind === 'instance' || s.provider === scope.slug,
  );
  const mine = new Set(services.map((s) => s.slug));
  const component = (
    id: string,
    name: string,
    status: SpComponent['status'],
    position: number,
    extra: Partial<SpComponent> = {},
  ): SpComponent => ({
    id,
    name,
    status,
    created_at: iso(r.since),
    updated_at: updatedAt,
    position,
    description: null,
    showcase: false,
    start_date: null,
    group_id: null,
    page_id: pageId,
    group: false,
    only_show_if_degraded: false,
    ...extra,
  });
  const components: SpComponent[] = [];
  const byProvider = new Map<string, typeof services>();
  for (const s of services) byProvider.set(s.provider, [...(byProvider.get(s.provider) ?? []), s]);
  const grouped = scope.kind === 'instance';
  for (const [provider, list] of byProvider) {
    const groupId = `group-${provider}`;
    if (grouped) {
      const worst = list.reduce<SpComponent['status']>((w, s) => worseState(w, s.status), 'operational');
      components.push(
        component(groupId, providerName.get(provider) ?? provider, worst, components.length + 1, {
          group: true,
          components: list.map((s) => s.slug),
        }),
      );
    }
    for (const s of list)
      components.push(
        component(s.slug, s.name, s.status, components.length + 1, {
          description: catalog.bySlug.get(s.slug)?.website ?? null,
          group_id: grouped ? groupId : null,
        }),
      );
  }
  const byId = new Map(components.map((c) => [c.id, c]));
  const incidents = r.incidents
    .filter((p) => scope.kind === 'instance' || p.incident.services.some((s) => mine.has(s.service)))
    .slice(0, LISTED)
    .map((p): SpIncident => {
      const i = p.incident;
      const u = updates(p, pageId);
      return {
        id: String(i.id),
        name: i.title,
        status: i.status,
        created_at: iso(i.detectedAt),
        updated_at: iso(i.updatedAt),
        monitoring_at: i.status === 'monitoring' || i.resolvedAt !== null ? u.monitoringAt : null,
        resolved_at: i.resolvedAt === null ? null : iso(i.resolvedAt),
        impact: i.impact,
        shortlink: `${r.publicUrl}/incidents/${i.id}`,
        started_at: iso(i.startedAt),
        page_id: pageId,
        incident_updates: u.list,
        components: i.services.flatMap((s) => byId.get(s.service) ?? []),
      };
    });
  const unresolved = incidents.filter((i) => i.resolved_at === null);
  const worst = Math.max(
    0,
    ...services.map((s) => stateRank(s.status)),
    ...unresolved.map((i) => impactRank(i.impact)),
  );
  const indicator = IMPACTS[worst]!;
  const status = { indicator, description: DESCRIPTION[indicator] };
  return {
    summary: { page, status, components, incidents: unresolved, scheduled_maintenances: [] },
    status: { page, status },
    components: { page, components },
    incidents: { page, incidents },
    unresolved: { page, incidents: unresolved },
  };
}
