import { type AlertsStore, alertsStore } from '../alerts/repo/alerts-store.ts';
import type { IncidentsRepo } from '../incidents/incidents-repo.ts';
import { sqlIncidentsRepo } from '../incidents/repo/sql-incidents-repo.ts';
import { ProbeRepo } from '../probes/repo/probe-repo.ts';
import { SourcesRepo } from '../sources/repo/sources-repo.ts';
import type { SqlAccess } from '../store/sql/sql-access.ts';

/** Every domain repository of one node, over one engine's executors. */
export type Repositories = {
  incidents: IncidentsRepo;
  alerts: AlertsStore;
  probes: ProbeRepo;
  sources: SourcesRepo;
};

/**
 * Builds the repositories once, here in the composition root: this is the one place that holds the
 * store's raw executors (besides the test engines); every domain and the HTTP adapter receive
 * repositories, never SQL access.
 */
export function createRepositories(sql: SqlAccess): Repositories {
  return {
    incidents: sqlIncidentsRepo(sql),
    alerts: alertsStore(sql),
    probes: new ProbeRepo(sql),
    sources: new SourcesRepo(sql),
  };
}
