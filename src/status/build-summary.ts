import type { Catalog } from '../catalog/catalog.ts';
import { incidentReport, summarise } from '../incidents/incident-report.ts';
import type { IncidentsRepo } from '../incidents/incidents-repo.ts';
import { type ComponentStatus, problemLevelOf } from '../shared/status-vocabulary.ts';
import { DAY, floorTo, MINUTE } from '../shared/time.ts';
import type { Breakdown, Store } from '../store/store.ts';
import type { ServiceDetail, ServiceStatus, StatusModel } from './service-status.ts';

/** Where a service's status and figures come from: the detector's latest reading. */
export type StatusSource = {
  statusOf: (slug: string) => ComponentStatus;
  figures: (slug: string) => { observed: number; expected: number } | undefined;
  /** Baseline reports per minute at time t. */
  expectedAt: (slug: string, t: number) => number;
  /** How far the detector is through learning the service's usual level, or null once learned. */
  learningOf?: (slug: string) => { minutes: number; of: number } | null;
};

const BUCKET = 15 * MINUTE;

/** Minutes of learning as whole hours done (rounded down) of the hours needed. */
const learningHours = (l: { minutes: number; of: number } | null): ServiceStatus['learning'] =>
  l === null ? null : { hours: Math.floor(l.minutes / 60), of: Math.round(l.of / 60) };
const RECENT_INCIDENTS = 200;
const PER_SERVICE = 10;

const TOP = 5;

function shares(rows: Breakdown[] | undefined, total: number): ServiceStatus['topProblems'] {
  return (rows ?? [])
    .slice(0, TOP)
    .map((r) => ({ key: r.key, reports: r.reports, share: total > 0 ? r.reports / total : 0 }));
}

function group(rows: Breakdown[]): Map<string, Breakdown[]> {
  const out = new Map<string, Breakdown[]>();
  for (const r of rows) {
    const list = out.get(r.service) ?? [];
    list.push(r);
    out.set(r.service, list);
  }
  return out;
}

/**
 * A fixed number of queries for the whole catalog, whatever its size (plus one report per open
 * incident): the snapshot's only database work. Pages and the API read the result from memory.
 */
export async function buildStatusModel(
  catalog: Catalog,
  store: Store,
  incidents: IncidentsRepo,
  source: StatusSource,
  now: number,
): Promise<StatusModel> {
  const dayAgo = now - DAY;
  const seriesFrom = floorTo(now, BUCKET) + BUCKET - DAY;
  const [recent, day, problems, countries, open, buckets, latest] = await Promise.all([
    store.totals({ from: now - 15 * MINUTE, to: now + MINUTE }),
    store.totals({ from: dayAgo, to: now + MINUTE }),
    store.breakdown({ from: dayAgo, to: now + MINUTE, by: 'problem' }),
    store.breakdown({ from: dayAgo, to: now + MINUTE, by: 'country' }),
    incidents.openIncidents(),
    store.seriesAll({ from: seriesFrom, to: seriesFrom + DAY }),
    incidents.listIncidents({ limit: RECENT_INCIDENTS }),
  ]);
  const reports = await Promise.all(open.map((i) => incidentReport(store, incidents, i.id, now)));
  const reportOf = new Map(reports.map((r) => [r.incident.id, r]));
  const incidentOf = new Map(
    open.flatMap((i) =>
      i.services.filter((s) => s.recoveredAt === null).map((s) => [s.service, i.id] as const),
    ),
  );
  const r15 = new Map(recent.map((t) => [t.service, t.reports]));
  const r24 = new Map(day.map((t) => [t.service, t.reports]));
  const byProblem = group(problems);
  const byCountry = group(countries);
  const bucketsOf = new Map<string, Map<number, number>>();
  for (const b of buckets) {
    if (!bucketsOf.has(b.service)) bucketsOf.set(b.service, new Map());
    bucketsOf.get(b.service)!.set(b.t, b.reports);
  }
  const services: ServiceStatus[] = [];
  const details = new Map<string, ServiceDetail>();
  for (const s of catalog.services) {
    const status = source.statusOf(s.slug);
    const f = source.figures(s.slug);
    const total = r24.get(s.slug) ?? 0;
    const incidentId = incidentOf.get(s.slug) ?? null;
    const row: ServiceStatus = {
      slug: s.slug,
      name: s.name,
      provider: s.provider,
      kind: s.kind,
      status,
      verdict: problemLevelOf(status),
      reports15m: r15.get(s.slug) ?? 0,
      reports24h: total,
      expectedPerMinute: Math.round((f?.expected ?? 0) * 100) / 100,
      observedPerMinute: f?.observed ?? 0,
      incidentId,
      learning: learningHours(source.learningOf?.(s.slug) ?? null),
      topProblems: shares(byProblem.get(s.slug), total),
      topCountries: shares(byCountry.get(s.slug), total),
    };
    services.push(row);
    const mine = bucketsOf.get(s.slug);
    const series = [];
    for (let t = seriesFrom; t < seriesFrom + DAY; t += BUCKET) {
      let expected = 0;
      for (let m = t; m < t + BUCKET; m += 5 * MINUTE) expected += source.expectedAt(s.slug, m) * 5;
      series.push({
        t: new Date(t).toISOString(),
        reports: mine?.get(t) ?? 0,
        expected: Math.round(expected * 10) / 10,
      });
    }
    details.set(s.slug, {
      status: row,
      series,
      incidents: latest
        .filter((i) => i.services.some((x) => x.service === s.slug))
        .slice(0, PER_SERVICE)
        .map(summarise),
      current: incidentId === null ? null : (reportOf.get(incidentId) ?? null),
    });
  }
  return {
    summary: { updatedAt: new Date(now).toISOString(), incidents: open.map(summarise), services },
    details,
  };
}
