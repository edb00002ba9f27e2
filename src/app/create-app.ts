import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Catalog } from '../catalog/catalog.ts';
import { loadCatalog } from '../catalog/load-catalog.ts';
import { type Config, DEFAULT_CATALOG_DIR } from '../config/config.ts';
import type { HttpContext } from '../http/context.ts';
import { buildServer } from '../http/server.ts';
import { Monitor } from '../incidents/monitor.ts';
import { GeoIp } from '../intake/geoip.ts';
import { GroupCommit } from '../intake/group-commit.ts';
import { Identities } from '../intake/identity.ts';
import { RateLimiter } from '../intake/rate-limiter.ts';
import { type Clock, systemClock } from '../shared/time.ts';
import { buildStatusModel } from '../status/build-summary.ts';
import { StatusSnapshot } from '../status/snapshot.ts';
import { type Coordination, localCoordination } from '../store/coordination.ts';
import { openStore } from '../store/open-store.ts';
import { postgresCoordination } from '../store/postgres/postgres-coordination.ts';
import type { Store } from '../store/store.ts';
import { startMaintenance } from './maintenance.ts';
import { VERSION } from './version.ts';

export type App = { ctx: HttpContext; server: FastifyInstance; close: () => Promise<void> };

export type AppOptions = {
  logger?: FastifyServerOptions['logger'];
  clock?: Clock;
  /** Skip loading the IP-to-country database (tests that state the country). */
  geo?: boolean;
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
 * Composes Downwatch from a validated configuration: catalog, store (migrated), intake, snapshot,
 * maintenance and the HTTP server (not yet listening). `close` drains intake before the store closes.
 */
export async function createApp(config: Config, opts: AppOptions = {}): Promise<App> {
  const clock = opts.clock ?? systemClock;
  const catalog = opts.catalog ?? loadCatalog(catalogPaths(config));
  const store: Store = openStore(config);
  try {
    await store.migrate();
  } catch (e) {
    await store.close().catch(() => undefined);
    throw e;
  }
  const geo = opts.geo === false ? undefined : GeoIp.load();
  const identities = new Identities(store);
  const commit = new GroupCommit((batch) => store.appendReports(batch), {
    maxDelayMs: config.groupCommitMs,
    maxBatch: config.groupCommitMax,
  });
  const monitor = new Monitor(store, catalog);
  const snapshot = new StatusSnapshot(() => buildStatusModel(catalog, store, monitor, clock.now()));
  const coordination: Coordination = config.databaseUrl
    ? postgresCoordination(config.databaseUrl, { onError: () => undefined })
    : localCoordination();
  // Every node steps the detectors; only the leader writes incidents (ADR 8).
  monitor.lead = () => coordination.isLeader();
  coordination.onNotice(() => snapshot.markDirty());
  commit.onCommit = () => coordination.notify('reports');
  monitor.onMinute = (_t, changed) => {
    if (changed) coordination.notify(monitor.lead() ? 'incidents' : 'status');
  };
  const ctx: HttpContext = {
    config,
    monitor,
    coordination,
    catalog,
    store,
    identities,
    snapshot,
    clock,
    version: VERSION,
    intake: {
      catalog,
      identities,
      limiter: new RateLimiter(config.rateLimitPerMinute),
      commit,
      clock,
      geo,
      maxBacklog: config.maxCommitBacklog,
    },
  };
  const server = buildServer(ctx, opts.logger ?? false);
  await monitor.warmUp(clock.now());
  const ticking = opts.manualTicks
    ? { stop: () => {} }
    : monitor.start(clock.now, (e) => server.log.error({ err: e }, 'detector tick failed'));
  await snapshot.refresh();
  snapshot.start((e) => server.log.error({ err: e }, 'status snapshot rebuild failed'));
  const maintenance = startMaintenance(
    store,
    config,
    clock,
    (e) => server.log.error({ err: e }, 'maintenance failed'),
    () => coordination.isLeader(),
  );
  return {
    ctx,
    server,
    close: async () => {
      await server.close();
      await commit.drain();
      snapshot.stop();
      ticking.stop();
      maintenance.stop();
      await coordination.close();
      await store.close();
    },
  };
}
