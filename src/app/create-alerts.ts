import { Alerts } from '../alerts/alerts.ts';
import type { AlertsStore } from '../alerts/repo/alerts-store.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { Config } from '../config/config.ts';
import type { IncidentsRepo } from '../incidents/incidents-repo.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { Clock } from '../shared/time.ts';
import type { Store } from '../store/store.ts';

/** Where people reach this instance: the configured public URL, else this node on localhost. */
export const publicUrlOf = (config: Config): string =>
  (config.publicUrl ?? `http://localhost:${config.port}`).replace(/\/+$/, '');

/** The alerts engine from the configuration; delivery attempts feed the metrics. */
export function createAlerts(
  config: Config,
  catalog: Catalog,
  store: Store,
  repos: { alerts: AlertsStore; incidents: IncidentsRepo },
  clock: Clock,
  metrics: Metrics,
): Alerts {
  return new Alerts({
    repo: repos.alerts,
    store,
    incidents: repos.incidents,
    catalog,
    clock,
    publicUrl: publicUrlOf(config),
    smtp: config.smtpUrl && config.mailFrom ? { url: config.smtpUrl, from: config.mailFrom } : undefined,
    telegramApiUrl: config.telegramApiUrl,
    allowPrivate: config.alertsAllowPrivate,
    groupWaitMs: config.alertsGroupWaitSeconds * 1000,
    groupIntervalMs: config.alertsGroupIntervalSeconds * 1000,
    maxAttempts: config.alertsMaxAttempts,
    onAttempt: (r) => {
      metrics.deliveries.inc({ channel: r.channel, outcome: r.outcome });
      metrics.deliverySeconds.observe({ channel: r.channel }, r.durationMs / 1000);
    },
  });
}
