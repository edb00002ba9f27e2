import type { Catalog } from '../catalog/catalog.ts';
import type { Config } from '../config/config.ts';
import type { IncidentsRepo } from '../incidents/incidents-repo.ts';
import { catalogChecks } from '../probes/catalog-checks.ts';
import { loadChecksFile } from '../probes/checks-file.ts';
import { Probes } from '../probes/probes.ts';
import type { ProbeRepo } from '../probes/repo/probe-repo.ts';
import type { Clock } from '../shared/time.ts';

/**
 * The probes of this node: the operator's checks file, plus the catalog's targets when opted in
 * (DOWNWATCH_PROBES=catalog). With neither, the server probes nothing itself but still takes
 * agents' results.
 */
export function createProbes(
  config: Config,
  catalog: Catalog,
  repos: { probes: ProbeRepo; incidents: IncidentsRepo },
  clock: Clock,
): Probes {
  const checks = [
    ...(config.probesFile ? loadChecksFile(config.probesFile, catalog) : []),
    ...(config.probes === 'catalog' ? catalogChecks(catalog) : []),
  ];
  return new Probes(repos.probes, repos.incidents, catalog, {
    checks,
    policy: { allowPrivate: config.allowPrivateTargets },
    concurrency: config.probesConcurrency,
    retentionDays: config.probeRetentionDays,
    signalRetentionDays: config.minuteRetentionDays,
    clock,
  });
}
