import { floorTo, HOUR, MINUTE } from '../shared/time.ts';
import type { Resolution, Store } from '../store/store.ts';
import { type IncidentReport, incidentReport } from './incident-report.ts';
import type { IncidentsRepo } from './incidents-repo.ts';

/** Reports of the incident's services over its span (with margins), summed per bucket, and the baseline. */
export type IncidentSeries = {
  stepMinutes: number;
  points: { t: string; reports: number; expected: number }[];
};

/** Everything an incident page, its downloads and `downwatch report` show: the report and its chart. */
export type IncidentData = { report: IncidentReport; series: IncidentSeries };

const MARGIN = 30 * MINUTE;

/** The bucket size for a span: minutes up to 3 hours, quarter hours up to 2 days, then hours. */
function resolutionFor(spanMs: number): [Resolution, number] {
  if (spanMs <= 3 * HOUR) return ['1m', MINUTE];
  if (spanMs <= 48 * HOUR) return ['15m', 15 * MINUTE];
  return ['1h', HOUR];
}

/**
 * The citable incident report plus its series: one query per service over the minute (or rolled-up)
 * counters, and the baseline the detector expects for each bucket (`expectedAt`, reports per minute).
 */
export async function incidentData(
  store: Store,
  incidents: IncidentsRepo,
  id: number,
  now: number,
  expectedAt: (service: string, t: number) => number,
): Promise<IncidentData> {
  const report = await incidentReport(store, incidents, id, now);
  const start = Date.parse(report.incident.startedAt);
  const end = report.incident.resolvedAt ? Date.parse(report.incident.resolvedAt) : now;
  const [resolution, step] = resolutionFor(end - start + 2 * MARGIN);
  const from = floorTo(start - MARGIN, step);
  const to = Math.min(floorTo(end + MARGIN, step) + step, floorTo(now, step) + step);
  const services = report.incident.services.map((s) => s.service);
  const sums = new Map<number, number>();
  for (const service of services) {
    for (const row of await store.series({ service, from, to, resolution, by: 'none' }))
      sums.set(row.t, (sums.get(row.t) ?? 0) + row.reports);
  }
  const points: IncidentSeries['points'] = [];
  for (let t = from; t < to; t += step) {
    let expected = 0;
    const sample = Math.min(step, 5 * MINUTE);
    for (const service of services)
      for (let m = t; m < t + step; m += sample) expected += expectedAt(service, m) * (sample / MINUTE);
    points.push({
      t: new Date(t).toISOString(),
      reports: sums.get(t) ?? 0,
      expected: Math.round(expected * 10) / 10,
    });
  }
  return { report, series: { stepMinutes: step / MINUTE, points } };
}
