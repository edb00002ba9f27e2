import { z } from 'zod';
import { ComponentStatus, Impact, type IncidentStatus } from '../../shared/status-vocabulary.ts';
import { humanise, instant, type OfficialSnapshot } from './official-snapshot.ts';

/** Atlassian Statuspage v2 `summary.json`: page, components, unresolved incidents (newest update first). */
const Summary = z.object({
  page: z.object({ name: z.string(), updated_at: z.string() }).partial().optional(),
  components: z
    .array(
      z.object({
        id: z.string(),
        name: z.string(),
        status: z.string(),
        updated_at: z.string().nullish(),
        group: z.boolean().nullish(),
      }),
    )
    .default([]),
  incidents: z
    .array(
      z.object({
        id: z.string(),
        name: z.string(),
        status: z.string(),
        impact: z.string().nullish(),
        updated_at: z.string().nullish(),
        created_at: z.string().nullish(),
        shortlink: z.string().nullish(),
        components: z.array(z.object({ name: z.string() })).nullish(),
        incident_updates: z
          .array(
            z.object({
              id: z.string(),
              status: z.string().nullish(),
              body: z.string().nullish(),
              created_at: z.string().nullish(),
              display_at: z.string().nullish(),
            }),
          )
          .default([]),
      }),
    )
    .default([]),
});

/** Unknown states count as degraded; "full_outage" (incident.io's word, seen on some pages) as major. */
const toState = (s: string): ComponentStatus => {
  const known = ComponentStatus.safeParse(s);
  return known.success ? known.data : s === 'full_outage' ? 'major_outage' : 'degraded_performance';
};

const toStatus = (s: string): IncidentStatus =>
  s === 'postmortem' || s === 'resolved' || s === 'completed'
    ? 'resolved'
    : s === 'identified' || s === 'monitoring'
      ? s
      : 'investigating';

const toImpact = (s: string | null | undefined): Impact => Impact.safeParse(s).data ?? 'none';

/** Parses a Statuspage v2 summary; null when the body does not have that shape. */
export function parseStatuspage(json: unknown): OfficialSnapshot | null {
  const r = Summary.safeParse(json);
  if (!r.success) return null;
  const s = r.data;
  return {
    page: s.page?.name ?? null,
    updatedAt: instant(s.page?.updated_at),
    currentOnly: true,
    allComponents: true,
    components: s.components
      .filter((c) => !c.group)
      .map((c) => ({
        id: c.id,
        name: c.name,
        state: toState(c.status),
        label: humanise(c.status),
        updatedAt: instant(c.updated_at),
      })),
    incidents: s.incidents.map((i) => {
      const latest = i.incident_updates[0];
      const at = instant(latest?.display_at ?? latest?.created_at ?? i.updated_at ?? i.created_at) ?? 0;
      return {
        id: i.id,
        name: i.name,
        status: toStatus(latest?.status ?? i.status),
        impact: toImpact(i.impact),
        components: (i.components ?? []).map((c) => c.name),
        updateId: latest?.id ?? `${i.status}@${i.updated_at ?? ''}`,
        updatedAt: at,
        message: latest?.body ?? '',
        url: i.shortlink ?? null,
      };
    }),
  };
}
