import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Alerts } from '../alerts/alerts.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { DEFAULT_CATALOG_DIR } from '../catalog/default-catalog-dir.ts';
import { loadCatalog } from '../catalog/load-catalog.ts';
import type { Config } from '../config/config.ts';
import type { HttpContext } from '../http/context.ts';
import { buildServer } from '../http/server.ts';
import { Monitor } from '../incidents/monitor.ts';
import { AsnDb } from '../intake/asn.ts';
import { GeoIp } from '../intake/geoip.ts';
import { GroupCommit } from '../intake/group-commit.ts';
import { Identities } from '../intake/identity.ts';
import { RateLimiter } from '../intake/rate-limiter.ts';
import { Metrics } from '../metrics/metrics.ts';
import { type ClockStep, SteadyClock } from '../shared/steady-clock.ts';
import type { Clock } from '../shared/time.ts';
import type { OutsideSources } from '../sources/outside-sources.ts';
import { buildStatusModel } from '../status/build-summary.ts';
import { StatusSnapshot } from '../status/snapshot.ts';
import { type Coordination, localCoordination } from '../store/coordination.ts';
import { openStore } from '../store/open-store.ts';
import { postgresCoordination } from '../store/postgres/postgres-coordination.ts';
import type { OpenedStore } from '../store/sql/sql-access.ts';
import { createAlerts } from './create-alerts.ts';
import { createProbes } from './create-probes.ts';
import { createSources } from './create-sources.ts';
import { instrumentApp, instrumentCommit, tickTimer } from './instrument.ts';
import { createRepositories } from './repositories.ts';
import { afterMinute, leads, startRoles } from './roles.ts';
import { VERSION } from './version.ts';

export type App = {
  ctx: HttpContext;
  server: FastifyInstance;
  /** Outside sources (official status, posts, routing) and the linker of their events to incidents. */
  sources: OutsideSources;
  /** The alerts engine (tests call `runOnce`). */
  alerts: Alerts;
  close: () => Promise<void>;
};

export type AppOptions = {
  logger?: FastifyServerOptions['logger'];
  clock?: Clock;
  /** Skip loading the IP-to-country database (tests that state the country). */
  geo?: boolean;
  /** Skip loading the IP-to-ASN database (default: as `geo`). */
  asn?: boolean;
  /** Do not tick the detector on the wall clock; the caller calls ctx.monitor.tick (replays). */
  manualTicks?: boolean;
  /** Use this catalog instead of loading one. */
  catalog?: Catalog;
};

/** The catalog paths a configuration names: the built-in catalog unless disabled, then the operator's. */
export const catalogPaths = (config: Config): string[] => [
  ...(config.builtinCatalog ? [DEFAULT_CATALOG_DIR] : []),
  ...config.catalogPaths,
];

/**
 * Composes Downwatch from a validated configuration: catalog, store (migrated), intake, monitor,
 * probes, sources, alerts, snapshot and the HTTP server (not yet listening), each given its hooks
 * as it is built; then starts this node's roles (roles.ts). `close` drains intake before the store
 * closes.
 */
export async function createApp(config: Config, opts: AppOptions = {}): Promise<App> {
  // Wall-clock steps are logged once the server's logger exists (the clock is needed before it).
  let logStep = (_s: ClockStep) => {};
  const clock = opts.clock ?? new SteadyClock({ onStep: (s) => logStep(s) });
  const catalog = opts.catalog ?? loadCatalog(catalogPaths(config));
  const { store, sql }: OpenedStore = openStore(config);
  try {
    await store.migrate();
  } catch (e) {
    await store.close().catch(() => undefined);
    throw e;
  }
  const repos = createRepositories(sql);
  const geo = opts.geo === false ? undefined : GeoIp.load();
  const asn = (opts.asn ?? opts.geo) === false ? undefined : AsnDb.load();
  const identities = new Identities(store);
  const metrics = new Metrics();
  const coordination: Coordination = config.databaseUrl
    ? postgresCoordination(config.databaseUrl, { onError: () => undefined })
    : localCoordination();
  // Errors of parts that run in the background go to the server's log; they can only happen once
  // the roles start, after the server below exists.
  const failed = (what: string) => (e: unknown) => server.log.error({ err: e }, `${what} failed`);
  const commit = new GroupCommit(
    instrumentCommit(metrics, (batch) => store.appendReports(batch)),
    {
      maxDelayMs: config.groupCommitMs,
      maxBatch: config.groupCommitMax,
      // SQLite: one batch syncing while the next is written (report-writer.worker.ts);
      // PostgreSQL commits a few batches side by side on its pool.
      maxInFlight: store.engine === 'postgres' ? 4 : 2,
      onCommit: () => coordination.notify('reports'),
    },
  );
  const sources = createSources(config, catalog, repos, clock, {
    onLinked: () => coordination.notify('incidents'),
    onError: failed('outside sources'),
  });
  const probes = createProbes(config, catalog, repos, clock);
  const monitor = new Monitor(store, repos.incidents, catalog, {
    lead: leads(coordination),
    adjust: probes.evidence.adjust,
    // Official statements and post surges of the last hour corroborate a crowd of reports (ADR 15).
    outside: (t, services) => sources.corroborating(services, t - 3_600_000, t + 60_000),
    onMinute: afterMinute(coordination, sources),
    onTick: tickTimer(metrics),
  });
  const snapshot = new StatusSnapshot(() =>
    buildStatusModel(catalog, store, repos.incidents, monitor, clock.now()),
  );
  const alerts = createAlerts(config, catalog, store, repos, clock, metrics);
  instrumentApp(metrics, { monitor, catalog, snapshot, alerts: alerts.context.alerts });
  const ctx: HttpContext = {
    config,
    monitor,
    probes,
    sources,
    coordination,
    catalog,
    store,
    incidents: repos.incidents,
    identities,
    snapshot,
    clock,
    version: VERSION,
    alerts: alerts.context,
    metrics,
    intake: {
      catalog,
      identities,
      limiter: new RateLimiter(config.rateLimitPerMinute),
      commit,
      clock,
      geo,
      asn,
      maxBacklog: config.maxCommitBacklog,
    },
  };
  const server = buildServer(ctx, opts.logger ?? false);
  logStep = (s) =>
    server.log.warn(
      { stepMs: s.stepMs, wallAt: new Date(s.wallAt).toISOString() },
      s.stepMs < 0
        ? 'the wall clock stepped back; Downwatch keeps time moving at half speed until it catches up'
        : 'the wall clock stepped forward',
    );
  await monitor.warmUp(clock.now());
  const roles = await startRoles({
    config,
    clock,
    store,
    coordination,
    monitor,
    probes,
    sources,
    alerts,
    snapshot,
    wallClock: !opts.manualTicks,
    failed,
  });
  return {
    ctx,
    server,
    sources,
    alerts,
    close: async () => {
      await server.close();
      await commit.drain();
      await roles.stop();
      await coordination.close();
      await store.close();
    },
  };
}
