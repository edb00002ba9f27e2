import type { AlertsContext } from '../alerts/alerts-context.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { Config } from '../config/config.ts';
import type { Monitor } from '../incidents/monitor.ts';
import type { Identities } from '../intake/identity.ts';
import type { IntakeDeps } from '../intake/intake.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { Probes } from '../probes/probes.ts';
import type { Clock } from '../shared/time.ts';
import type { StatusSnapshot } from '../status/snapshot.ts';
import type { Coordination } from '../store/coordination.ts';
import type { Store } from '../store/store.ts';

/** Everything the HTTP adapter may call; built once by the app and passed in. */
export type HttpContext = {
  config: Config;
  monitor: Monitor;
  coordination: Coordination;
  catalog: Catalog;
  store: Store;
  intake: IntakeDeps;
  probes: Probes;
  identities: Identities;
  snapshot: StatusSnapshot;
  clock: Clock;
  version: string;
  /** Alert subscriptions and deliveries (verbs in src/alerts). */
  alerts: AlertsContext;
  metrics: Metrics;
};
