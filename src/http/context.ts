import type { AlertsContext } from '../alerts/alerts-context.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { Config } from '../config/config.ts';
import type { IncidentsRepo } from '../incidents/incidents-repo.ts';
import type { Monitor } from '../incidents/monitor.ts';
import type { Identities } from '../intake/identity.ts';
import type { IntakeDeps } from '../intake/intake.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { Probes } from '../probes/probes.ts';
import type { Clock } from '../shared/time.ts';
import type { OutsideSources } from '../sources/outside-sources.ts';
import type { StatusSnapshot } from '../status/snapshot.ts';
import type { Coordination } from '../store/coordination.ts';
import type { Store } from '../store/store.ts';

/** Everything the HTTP adapter may call; built once by the app and passed in. */
export type HttpContext = {
  config: Config;
  monitor: Monitor;
  coordination: Coordination;
  catalog: Catalog;
  /** The engine's own verbs: reports, counters, series (no raw SQL). */
  store: Store;
  /** Incidents, their services and timelines (built once by the app). */
  incidents: IncidentsRepo;
  intake: IntakeDeps;
  probes: Probes;
  /** Outside signals (official status, posts, routing) and their reads. */
  sources: OutsideSources;
  identities: Identities;
  snapshot: StatusSnapshot;
  clock: Clock;
  version: string;
  /** Alert subscriptions and deliveries (verbs in src/alerts). */
  alerts: AlertsContext;
  metrics: Metrics;
};
