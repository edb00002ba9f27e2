import { z } from 'zod';
import { NotFoundError } from '../shared/errors.ts';
import { MINUTE } from '../shared/time.ts';
import type { Incident } from '../store/incident-types.ts';
import type { Store } from '../store/store.ts';

const Share = z.object({ key: z.string(), reports: z.number().int(), share: z.number() });

export const IncidentSummary = z
  .object({
    id: z.number().int(),
    title: z.string(),
    status: z.enum(['investigating', 'identified', 'monitoring', 'resolved']),
    impact: z.enum(['none', 'minor', 'major', 'critical']),
    provider: z.string().describe('Group key: the provider of the services'),
    startedAt: z.iso.datetime().describe('Estimated start: first minute of the elevated run'),
    detectedAt: z.iso.datetime(),
    peakAt: z.iso.datetime(),
    peakRate: z.number().int().describe('Counted reports per minute at the peak, all services together'),
    resolvedAt: z.iso.datetime().nullable(),
    services: z.array(
      z.object({
        service: z.string(),
        status: z.string(),
        startedAt: z.iso.datetime(),
        detectedAt: z.iso.datetime(),
        recoveredAt: z.iso.datetime().nullable(),
        peakAt: z.iso.datetime(),
        peakRate: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'IncidentSummary' });
export type IncidentSummary = z.infer<typeof IncidentSummary>;

export const IncidentReport = z
  .object({
    incident: IncidentSummary,
    durationMinutes: z.number().int(),
    totals: z.object({ reports: z.number().int(), byService: z.record(z.string(), z.number().int()) }),
    topProblems: z.array(Share),
    topCountries: z.array(Share),
    timeline: z.array(
      z.object({
        at: z.iso.datetime(),
        kind: z.string(),
        service: z.string().nullable(),
        message: z.string(),
      }),
    ),
  })
  .meta({ id: 'IncidentReport' });
export type IncidentReport = z.infer<typeof IncidentReport>;

const iso = (t: number) => new Date(t).toISOString();

export function summarise(i: Incident): IncidentSummary {
  return {
    id: i.id,
    title: i.title,
    status: i.status,
    impact: i.impact,
    provider: i.groupKey,
    startedAt: iso(i.startedAt),
    detectedAt: iso(i.detectedAt),
    peakAt: iso(i.peakAt),
    peakRate: i.peakRate,
    resolvedAt: i.resolvedAt === null ? null : iso(i.resolvedAt),
    services: i.services.map((s) => ({
      ...s,
      startedAt: iso(s.startedAt),
      detectedAt: iso(s.detectedAt),
      recoveredAt: s.recoveredAt === null ? null : iso(s.recoveredAt),
      peakAt: iso(s.peakAt),
    })),
  };
}

/**
 * The citable report of one incident: every figure is a query over the minute counters between
 * the estimated start and the end (or now), so it can be traced and re-run.
 */
export async function incidentReport(store: Store, id: number, now: number): Promise<IncidentReport> {
  const found = await store.getIncident(id);
  if (!found) throw new NotFoundError(`There is no incident ${id}.`, 'id');
  const { incident, events } = found;
  const from = incident.startedAt;
  const to = (incident.resolvedAt ?? now) + MINUTE;
  const byService: Record<string, number> = {};
  const problems = new Map<string, number>();
  const countries = new Map<string, number>();
  for (const s of incident.services) {
    const [t] = await store.totals({ from, to, service: s.service });
    byService[s.service] = t?.reports ?? 0;
    for (const b of await store.breakdown({ from, to, service: s.service, by: 'problem' }))
      problems.set(b.key, (problems.get(b.key) ?? 0) + b.reports);
    for (const b of await store.breakdown({ from, to, service: s.service, by: 'country' }))
      countries.set(b.key, (countries.get(b.key) ?? 0) + b.reports);
  }
  const total = Object.values(byService).reduce((a, b) => a + b, 0);
  const top = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([key, reports]) => ({ key, reports, share: total > 0 ? reports / total : 0 }));
  return {
    incident: summarise(incident),
    durationMinutes: Math.round(((incident.resolvedAt ?? now) - incident.startedAt) / MINUTE),
    totals: { reports: total, byService },
    topProblems: top(problems),
    topCountries: top(countries),
    timeline: events.map((e) => ({ at: iso(e.at), kind: e.kind, service: e.service, message: e.message })),
  };
}
