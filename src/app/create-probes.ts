import type { Catalog } from '../catalog/catalog.ts';
import type { Config } from '../config/config.ts';
import { catalogChecks } from '../probes/catalog-checks.ts';
import { loadChecksFile } from '../probes/checks-file.ts';
import { Probes } from '../probes/probes.ts';
import type { Clock } from '../shared/time.ts';
import type { Store } from '../store/store.ts';

/**
 * The probes of this node: the operator's checks file, plus the catalog's targets when opted in
 * (DOWNWATCH_PROBES=catalog). With neither, the server probes nothing itself but still takes
 * agents' results.
 */
export function createProbes(config: Config, catalog: Catalog, store: Store, clock: Clock): Probes {
  const checks = [
    ...(config.probesFile ? loadChecksFile(config.probesFile, catalog) : []),
    ...(config.probes === 'catalog' ? catalogChecks(catalog) : []),
  ];
  return new Probes(store, catalog, {
    checks,
    policy: { allowPrivate: config.allowPrivateTargets },
    concurrency: config.probesConcurrency,
    retentionDays: config.probeRetentionDays,
    signalRetentionDays: config.minuteRetentionDays,
    clock,
  });
}
