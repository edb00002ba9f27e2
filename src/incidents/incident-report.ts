import { z } from 'zod';
import { NotFoundError } from '../shared/errors.ts';
import { CLASSIFICATIONS } from '../shared/probe-classification.ts';
import { Impact, IncidentStatus } from '../shared/status-vocabulary.ts';
import { MINUTE } from '../shared/time.ts';
import type { Store } from '../store/store.ts';
import type { IncidentsRepo } from './incidents-repo.ts';
import type { Incident, IncidentEvent } from './types.ts';

const Share = z.object({ key: z.string(), reports: z.number().int(), share: z.number() });

export const IncidentSummary = z
  .object({
    id: z.number().int(),
    title: z.string(),
    status: IncidentStatus,
    impact: Impact,
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

/**
 * What the probes say about an incident (from its "probe" timeline rows, written by the probes'
 * monitor hook): the network failed (DNS, connections, TLS), the service answered with errors, or
 * it was reachable — then the reports' problem mix says what is broken behind the front door.
 */
export const IncidentClassification = z
  .object({
    kind: z.enum(CLASSIFICATIONS),
    summary: z.string(),
  })
  .meta({ id: 'IncidentClassification' });
export type IncidentClassification = z.infer<typeof IncidentClassification>;

export const IncidentReport = z
  .object({
    incident: IncidentSummary,
    durationMinutes: z.number().int(),
    totals: z.object({ reports: z.number().int(), byService: z.record(z.string(), z.number().int()) }),
    topProblems: z.array(Share),
    topCountries: z.array(Share),
    classification: IncidentClassification,
    /** Evidence sentences from probes ("DNS failing from 4 of 5 vantage points since 15:50 (SERVFAIL)…"). */
    hints: z.array(z.string()),
    /** The first official acknowledgement (status page, feed, statement) against our detection. */
    statusPageLag: z
      .object({
        provider: z.string(),
        acknowledgedAt: z.iso.datetime(),
        minutesAfterDetection: z
          .number()
          .describe('Negative: the provider spoke before Downwatch detected it'),
      })
      .nullable()
      .optional(),
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

/** Every classification that names a failure (all but "reachable" and "unknown"). */
const FAILURES: IncidentClassification['kind'][] = CLASSIFICATIONS.filter(
  (k) => k !== 'reachable' && k !== 'unknown',
);

/** Rows written before issue 18 said "application" for any HTTP or content failure. */
const LEGACY: Record<string, IncidentClassification['kind']> = { application: 'http/other' };

/**
 * The incident's classification from its probe rows: each row's classification holds until the next
 * row (or the end); a network or application classification that held at all wins over "reachable"
 * (the longest-held one when several), so a DNS failure that recovered before the reports did still
 * classifies the incident. The summary is that classification's row covering the most services (the
 * latest of those); "reachable" comes with the report problem mix.
 */
function classifyIncident(
  rows: IncidentEvent[],
  end: number,
  problems: { key: string; share: number }[],
): IncidentClassification {
  const held = new Map<string, number>();
  const widest = new Map<string, { message: string; services: number }>();
  rows.forEach((r, i) => {
    const raw = typeof r.data.classification === 'string' ? r.data.classification : 'unknown';
    const kind = LEGACY[raw] ?? raw;
    const until = rows[i + 1]?.at ?? end;
    held.set(kind, (held.get(kind) ?? 0) + Math.max(0, until - r.at) + 1);
    const services = Array.isArray(r.data.services) ? r.data.services.length : 0;
    if (services >= (widest.get(kind)?.services ?? 0)) widest.set(kind, { message: r.message, services });
  });
  const network = FAILURES.filter((k) => held.has(k)).sort((a, b) => held.get(b)! - held.get(a)!)[0];
  if (network) return { kind: network, summary: widest.get(network)!.message };
  if (held.has('reachable')) {
    const lead = problems[0];
    const pct = (x: { key: string; share: number }) => `${x.key} ${Math.round(x.share * 100)}%`;
    const mix = !lead
      ? 'no reports yet'
      : lead.share >= 0.5
        ? `${lead.key} problems dominate reports (${pct(lead)})`
        : `reports: ${problems.slice(0, 3).map(pct).join(', ')}`;
    return { kind: 'reachable', summary: `${widest.get('reachable')!.message}; ${mix}` };
  }
  return { kind: 'unknown', summary: 'No probe data for these services.' };
}

/**
 * The citable report of one incident: every figure is a query over the minute counters between
 * the estimated start and the end (or now), so it can be traced and re-run.
 */
export async function incidentReport(
  store: Store,
  incidents: IncidentsRepo,
  id: number,
  now: number,
): Promise<IncidentReport> {
  const found = await incidents.getIncident(id);
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
  const topProblems = top(problems);
  const probeEvents = events.filter((e) => e.kind === 'probe');
  const ack = events.find((e) => e.kind === 'official' && e.data.ack === true);
  return {
    incident: summarise(incident),
    durationMinutes: Math.round(((incident.resolvedAt ?? now) - incident.startedAt) / MINUTE),
    totals: { reports: total, byService },
    topProblems,
    topCountries: top(countries),
    classification: classifyIncident(probeEvents, incident.resolvedAt ?? now, topProblems),
    hints: [...new Set(probeEvents.map((e) => e.message))],
    statusPageLag: ack
      ? {
          provider: typeof ack.data.provider === 'string' ? ack.data.provider : incident.groupKey,
          acknowledgedAt: iso(ack.at),
          minutesAfterDetection: Math.round((ack.at - incident.detectedAt) / 6_000) / 10,
        }
      : null,
    timeline: events.map((e) => ({ at: iso(e.at), kind: e.kind, service: e.service, message: e.message })),
  };
}
