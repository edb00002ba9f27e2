import type { Catalog } from '../catalog/catalog.ts';
import { summarise } from '../incidents/incident-report.ts';
import { DAY, MINUTE } from '../shared/time.ts';
import type { Breakdown, Store } from '../store/store.ts';
import { type ComponentStatus, type ServiceStatus, type StatusSummary, verdictOf } from './service-status.ts';

/** Where a service's status and figures come from: the detector's latest verdict. */
export type StatusSource = {
  statusOf: (slug: string) => ComponentStatus;
  figures: (slug: string) => { observed: number; expected: number } | undefined;
};

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

/** Four queries for the whole catalog, whatever its size: the snapshot's only database work. */
export async function buildSummary(
  catalog: Catalog,
  store: Store,
  source: StatusSource,
  now: number,
): Promise<StatusSummary> {
  const dayAgo = now - DAY;
  const [recent, day, problems, countries, open] = await Promise.all([
    store.totals({ from: now - 15 * MINUTE, to: now + MINUTE }),
    store.totals({ from: dayAgo, to: now + MINUTE }),
    store.breakdown({ from: dayAgo, to: now + MINUTE, by: 'problem' }),
    store.breakdown({ from: dayAgo, to: now + MINUTE, by: 'country' }),
    store.openIncidents(),
  ]);
  const incidentOf = new Map(
    open.flatMap((i) =>
      i.services.filter((s) => s.recoveredAt === null).map((s) => [s.service, i.id] as const),
    ),
  );
  const r15 = new Map(recent.map((t) => [t.service, t.reports]));
  const r24 = new Map(day.map((t) => [t.service, t.reports]));
  const byProblem = group(problems);
  const byCountry = group(countries);
  return {
    updatedAt: new Date(now).toISOString(),
    incidents: open.map(summarise),
    services: catalog.services.map((s) => {
      const status = source.statusOf(s.slug);
      const f = source.figures(s.slug);
      const total = r24.get(s.slug) ?? 0;
      return {
        slug: s.slug,
        name: s.name,
        provider: s.provider,
        kind: s.kind,
        status,
        verdict: verdictOf(status),
        reports15m: r15.get(s.slug) ?? 0,
        reports24h: total,
        expectedPerMinute: Math.round((f?.expected ?? 0) * 100) / 100,
        observedPerMinute: f?.observed ?? 0,
        incidentId: incidentOf.get(s.slug) ?? null,
        topProblems: shares(byProblem.get(s.slug), total),
        topCountries: shares(byCountry.get(s.slug), total),
      };
    }),
  };
}
