import { z } from 'zod';
import { type ComponentStatus, type Impact, stateRank } from '../../shared/status-vocabulary.ts';
import {
  humanise,
  instant,
  type OfficialComponent,
  type OfficialIncident,
  type OfficialSnapshot,
} from './official-snapshot.ts';

/** incident.io's own impact words (mapped to ours by IMPACT below). */
const RawImpact = z.string();
const Affected = z.object({
  id: z.string(),
  name: z.string(),
  current_status: z.string().nullish(),
});
const Incident = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  url: z.string().nullish(),
  last_update_at: z.string().nullish(),
  last_update_message: z.string().nullish(),
  current_worst_impact: RawImpact.nullish(),
  affected_components: z.array(Affected).default([]),
});

/**
 * incident.io public status page summary (`/api/v1/summary`): only what is happening now —
 * ongoing incidents with their affected components, and maintenances.
 */
const Summary = z.object({
  page_title: z.string().nullish(),
  ongoing_incidents: z.array(Incident),
  in_progress_maintenances: z.array(z.unknown()).nullish(),
});

/** incident.io's words for component states and impacts, in ours. */
const STATE: Record<string, ComponentStatus> = {
  operational: 'operational',
  degraded_performance: 'degraded_performance',
  partial_outage: 'partial_outage',
  full_outage: 'major_outage',
};
const IMPACT: Record<string, Impact> = {
  degraded_performance: 'minor',
  partial_outage: 'major',
  full_outage: 'critical',
};

/** Parses an incident.io summary; null when the body does not have that shape. */
export function parseIncidentIo(json: unknown): OfficialSnapshot | null {
  const r = Summary.safeParse(json);
  if (!r.success) return null;
  const components = new Map<string, OfficialComponent>();
  const incidents = r.data.ongoing_incidents.map((i): OfficialIncident => {
    const at = instant(i.last_update_at) ?? 0;
    for (const c of i.affected_components) {
      const raw = c.current_status ?? i.current_worst_impact ?? 'degraded_performance';
      const state = STATE[raw] ?? 'degraded_performance';
      const known = components.get(c.id);
      if (!known || stateRank(state) > stateRank(known.state))
        components.set(c.id, { id: c.id, name: c.name, state, label: humanise(raw), updatedAt: at || null });
    }
    return {
      id: i.id,
      name: i.name,
      status:
        i.status === 'identified' || i.status === 'monitoring' || i.status === 'resolved'
          ? i.status
          : 'investigating',
      impact: IMPACT[i.current_worst_impact ?? ''] ?? 'minor',
      components: i.affected_components.map((c) => c.name),
      updateId: `${i.status}@${i.last_update_at ?? ''}`,
      updatedAt: at,
      message: i.last_update_message ?? '',
      url: i.url ?? null,
    };
  });
  return {
    page: r.data.page_title ?? null,
    updatedAt: null,
    currentOnly: true,
    allComponents: false,
    components: [...components.values()],
    incidents,
  };
}
