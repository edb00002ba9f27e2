import type { Catalog } from '../catalog/catalog.ts';
import { DAY, MINUTE } from '../shared/time.ts';
import type { Breakdown, Store } from '../store/store.ts';
import { type ComponentStatus, type ServiceStatus, type StatusSummary, verdictOf } from './service-status.ts';

/** Where a service's status comes from (the detector's latest verdict; operational until one exists). */
export type StatusSource = (slug: string) => ComponentStatus;

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
  statusOf: StatusSource,
  now: number,
): Promise<StatusSummary> {
  const dayAgo = now - DAY;
  const [recent, day, problems, countries] = await Promise.all([
    store.totals({ from: now - 15 * MINUTE, to: now + MINUTE }),
    store.totals({ from: dayAgo, to: now + MINUTE }),
    store.breakdown({ from: dayAgo, to: now + MINUTE, by: 'problem' }),
    store.breakdown({ from: dayAgo, to: now + MINUTE, by: 'country' }),
  ]);
  const r15 = new Map(recent.map((t) => [t.service, t.reports]));
  const r24 = new Map(day.map((t) => [t.service, t.reports]));
  const byProblem = group(problems);
  const byCountry = group(countries);
  return {
    updatedAt: new Date(now).toISOString(),
    services: catalog.services.map((s) => {
      const status = statusOf(s.slug);
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
        topProblems: shares(byProblem.get(s.slug), total),
        topCountries: shares(byCountry.get(s.slug), total),
      };
    }),
  };
}
