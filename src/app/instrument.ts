import type { AlertsStore } from '../alerts/repo/alerts-store.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { Monitor } from '../incidents/monitor.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { SERVICE_STATES } from '../shared/status-vocabulary.ts';
import type { StatusSnapshot } from '../status/snapshot.ts';
import type { AppendResult, NewReport } from '../store/store.ts';

/** The group commit's write, timed and counted (batch size, counted vs repeat). */
export function instrumentCommit(
  metrics: Metrics,
  commit: (batch: NewReport[]) => Promise<AppendResult[]>,
): (batch: NewReport[]) => Promise<AppendResult[]> {
  return async (batch) => {
    const end = metrics.commitSeconds.startTimer();
    const results = await commit(batch);
    end();
    metrics.commitBatch.observe(batch.length);
    const counted = results.filter((r) => r.counted).length;
    if (counted > 0) metrics.reports.inc({ outcome: 'counted' }, counted);
    if (results.length > counted) metrics.reports.inc({ outcome: 'repeat' }, results.length - counted);
    return results;
  };
}

/** The monitor's `onTick` hook: times and counts each detector minute (its own loop and replays). */
export function tickTimer(metrics: Metrics): () => () => void {
  return () => {
    const end = metrics.detectorTickSeconds.startTimer();
    return () => {
      end();
      metrics.detectorTicks.inc();
    };
  };
}

/** Points the scrape-time gauges at the detector, the snapshot and the alert queue. */
export function instrumentApp(
  metrics: Metrics,
  parts: { monitor: Monitor; catalog: Catalog; snapshot: StatusSnapshot; alerts: AlertsStore },
): void {
  const { monitor, catalog, snapshot } = parts;
  metrics.sources = {
    servicesByStatus: () => {
      const counts: Record<string, number> = Object.fromEntries(SERVICE_STATES.map((s) => [s, 0]));
      for (const s of catalog.services) {
        const status = monitor.statusOf(s.slug);
        counts[status] = (counts[status] ?? 0) + 1;
      }
      return counts;
    },
    openIncidents: () => snapshot.model?.summary.incidents.length ?? 0,
    alertQueue: () => parts.alerts.queueDepth(),
  };
}
