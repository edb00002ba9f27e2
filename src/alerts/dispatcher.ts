import type { Catalog } from '../catalog/catalog.ts';
import type { IncidentsRepo } from '../incidents/incidents-repo.ts';
import type { Incident } from '../incidents/types.ts';
import { MINUTE } from '../shared/time.ts';
import type { Store } from '../store/store.ts';
import { decideAlerts } from './decide-alerts.ts';
import type { AlertsStore } from './repo/alerts-store.ts';

/** A category counts for an incident when it has at least this share of its reports (the top one always does). */
const CATEGORY_SHARE = 0.2;

export type DispatcherDeps = {
  alerts: AlertsStore;
  store: Store;
  incidents: IncidentsRepo;
  catalog: Catalog;
  now: () => number;
  groupWaitMs: number;
  groupIntervalMs: number;
};

/** The problem categories behind an incident's reports so far: one query per service. */
async function incidentCategories(store: Store, i: Incident, now: number): Promise<Set<string>> {
  const totals = new Map<string, number>();
  for (const s of i.services) {
    const rows = await store.breakdown({
      from: i.startedAt,
      to: (i.resolvedAt ?? now) + MINUTE,
      service: s.service,
      by: 'problem',
    });
    for (const r of rows) totals.set(r.key, (totals.get(r.key) ?? 0) + r.reports);
  }
  const sum = [...totals.values()].reduce((a, b) => a + b, 0);
  const sorted = [...totals.entries()].sort((a, b) => b[1] - a[1]);
  return new Set(sorted.filter(([, n], k) => k === 0 || n >= sum * CATEGORY_SHARE).map(([key]) => key));
}

/**
 * Reads the incident timeline as an outbox: every row written by an incident verb (in the same
 * transaction as the change) is turned into deliveries exactly once, by whichever node gets there
 * first. Returns how many rows it handled.
 */
export async function dispatchPending(d: DispatcherDeps, limit = 200): Promise<number> {
  const events = await d.alerts.pendingEvents(limit);
  if (events.length === 0) return 0;
  const subscriptions = await d.alerts.activeSubscriptions();
  const byCategory = subscriptions.some((s) => s.scope.kind === 'category');
  const incidents = new Map<number, { incident: Incident; categories: Set<string> } | undefined>();
  const providerOf = (slug: string) => d.catalog.bySlug.get(slug)?.provider;
  for (const e of events) {
    const now = d.now();
    if (!incidents.has(e.incidentId)) {
      const found = await d.incidents.getIncident(e.incidentId);
      incidents.set(
        e.incidentId,
        found && {
          incident: found.incident,
          categories: byCategory ? await incidentCategories(d.store, found.incident, now) : new Set(),
        },
      );
    }
    const known = incidents.get(e.incidentId);
    await d.alerts.handleEvent(e, now, (threads) =>
      known
        ? decideAlerts(e, known.incident, subscriptions, threads, {
            providerOf,
            categories: known.categories,
            now,
            groupWaitMs: d.groupWaitMs,
            groupIntervalMs: d.groupIntervalMs,
          })
        : [],
    );
  }
  return events.length;
}
