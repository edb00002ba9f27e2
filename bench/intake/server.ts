/**
 * The server side of `bench/intake`, run as a child process by run.ts (one server per process,
 * so the load generator never shares its event loop):
 *
 *   node bench/intake/server.ts bare|intake <logLevel> [dataDir] [srcDir]
 *
 * `bare`: Fastify with the same version, the same constructor options as src/http/server.ts and the
 * same one-line access log hook, one POST route that parses the JSON body and replies 201 with a
 * JSON object shaped like ReportAccepted. `intake`: the real Downwatch app (createApp) on SQLite in
 * dataDir, from this checkout's src/ or from srcDir (another checkout's src/, to measure a candidate
 * change against the same bare baseline). Both listen on 127.0.0.1, on a free port.
 *
 * IPC protocol: the child sends `{ type: 'ready', port }`; the parent sends `{ type: 'mark' }` to
 * start a measurement window, `{ type: 'stats' }` to get the window's figures back, and
 * `{ type: 'close' }` to close gracefully (intake drains its group commit) and exit.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import type { createApp as CreateApp } from '../../src/app/create-app.ts';
import { type Config, loadConfig } from '../../src/config/config.ts';
import { serverOptions } from '../../src/http/server.ts';
import type { AppendResult, NewReport } from '../../src/store/store.ts';
import { percentile } from '../support/percentile.ts';
import { readThreads, type ThreadTimes, threadTimesSince } from './thread-times.ts';

export type Kind = 'bare' | 'intake';

/** What the server measured between `mark` and `stats`. */
export type ServerStats = {
  wallMs: number;
  /** CPU time of the process (user + system, all threads) over the window, in ms. */
  cpuMs: number;
  /** CPU time of the main thread alone (the event loop: HTTP and the intake code), in ms. */
  mainCpuMs: number;
  /** Event loop utilisation over the window (0..1). */
  elu: number;
  /** Intake only: group commits in the window (batches, reports, time spent awaiting the store). */
  commits?: {
    batches: number;
    reports: number;
    maxBatch: number;
    storeMs: number;
    maxStoreMs: number;
    /** Batch sizes at the 10th, 50th and 90th percentile. */
    sizes?: [number, number, number];
  };
  /** Per group of threads (Linux only): CPU, time waiting for a core, times scheduled. */
  threads?: ThreadTimes[];
};

export type ToChild = { type: 'mark' } | { type: 'stats' } | { type: 'close' };
export type FromChild =
  | { type: 'ready'; port: number }
  | { type: 'stats'; stats: ServerStats }
  | { type: 'closed' }
  | { type: 'error'; message: string };

/** The settings both servers are built from (the bench's trusted proxy and a rate limit that never bites). */
export const benchConfig = (logLevel: string, dataDir: string): Config =>
  loadConfig(
    {},
    {
      dataDir,
      trustProxy: '127.0.0.1',
      rateLimitPerMinute: 10_000_000,
      logLevel,
      host: '127.0.0.1',
      port: 0,
    },
  );

/**
 * A bare endpoint with the server's own Fastify options (`serverOptions` from src/http/server.ts)
 * and the same access-log hook as buildServer.
 */
export function bareServer(config: Config): FastifyInstance {
  const app = Fastify(serverOptions(config, { level: config.logLevel }));
  app.removeContentTypeParser('text/plain');
  app.addHook('onResponse', async (req, reply) => {
    req.log.info(
      {
        method: req.method,
        url: req.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
  });
  let id = 0;
  app.post('/api/v1/reports', async (req, reply) => {
    const body = req.body as { service?: string; problem?: string; country?: string };
    // Resolve the client address through the trusted proxy, as the real handler does.
    if (!req.ip) throw new Error('no client address');
    reply.code(201);
    return {
      id: ++id,
      service: body.service,
      problem: body.problem,
      country: body.country ?? 'ZZ',
      counted: true,
      window: '2026-01-01T00:00:00.000Z',
    };
  });
  return app;
}

const send = (m: FromChild): void => {
  process.send?.(m);
};

async function main(): Promise<void> {
  const [kind, logLevel = 'warn', dataDir = '', srcDir = ''] = process.argv.slice(2);
  if (kind !== 'bare' && kind !== 'intake')
    throw new Error(`usage: server.ts bare|intake <logLevel> [dataDir] [srcDir]`);
  if (!process.send) throw new Error('server.ts must be started by run.ts (it talks over IPC)');
  const config = benchConfig(logLevel, dataDir || '/nonexistent');

  let server: FastifyInstance;
  let closeApp: () => Promise<void>;
  const commits = { batches: 0, reports: 0, maxBatch: 0, storeMs: 0, maxStoreMs: 0 };
  let sizes: number[] = [];
  if (kind === 'bare') {
    server = bareServer(config);
    closeApp = () => server.close();
  } else {
    if (!dataDir) throw new Error('intake needs a data directory');
    const src = srcDir
      ? pathToFileURL(`${srcDir.replace(/\/$/, '')}/`)
      : new URL('../../src/', import.meta.url);
    const { createApp } = (await import(new URL('app/create-app.ts', src).href)) as {
      createApp: typeof CreateApp;
    };
    const app = await createApp(config, { logger: { level: config.logLevel } });
    // Instrumentation only (src/ is untouched): time each batch the group commit hands to the store.
    const store = app.ctx.store;
    const append = store.appendReports.bind(store);
    store.appendReports = async (batch: NewReport[]): Promise<AppendResult[]> => {
      const t0 = performance.now();
      try {
        return await append(batch);
      } finally {
        const ms = performance.now() - t0;
        commits.batches += 1;
        commits.reports += batch.length;
        sizes.push(batch.length);
        commits.maxBatch = Math.max(commits.maxBatch, batch.length);
        commits.storeMs += ms;
        commits.maxStoreMs = Math.max(commits.maxStoreMs, ms);
      }
    };
    server = app.server;
    closeApp = app.close;
  }
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= closeApp();
    return closing;
  };
  await server.listen({ host: '127.0.0.1', port: 0 });
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');

  let t0 = performance.now();
  let cpu0 = process.cpuUsage();
  let mainCpu0 = process.threadCpuUsage();
  let elu0 = performance.eventLoopUtilization();
  let threads0 = readThreads();
  process.on('message', (m: ToChild) => {
    if (m.type === 'mark') {
      t0 = performance.now();
      cpu0 = process.cpuUsage();
      mainCpu0 = process.threadCpuUsage();
      elu0 = performance.eventLoopUtilization();
      threads0 = readThreads();
      Object.assign(commits, { batches: 0, reports: 0, maxBatch: 0, storeMs: 0, maxStoreMs: 0 });
      sizes = [];
    } else if (m.type === 'stats') {
      const cpu = process.cpuUsage(cpu0);
      const mainCpu = process.threadCpuUsage(mainCpu0);
      const threads = threadTimesSince(threads0);
      const sorted = sizes.sort((a, b) => a - b);
      const at = (q: number): number => percentile(sorted, q) ?? 0;
      send({
        type: 'stats',
        stats: {
          wallMs: performance.now() - t0,
          cpuMs: (cpu.user + cpu.system) / 1000,
          mainCpuMs: (mainCpu.user + mainCpu.system) / 1000,
          elu: performance.eventLoopUtilization(elu0).utilization,
          threads,
          ...(kind === 'intake' ? { commits: { ...commits, sizes: [at(0.1), at(0.5), at(0.9)] } } : {}),
        },
      });
    } else if (m.type === 'close') {
      close().then(
        () => {
          send({ type: 'closed' });
          process.disconnect();
        },
        (e: unknown) => {
          send({ type: 'error', message: `close failed: ${(e as Error).message}` });
          process.exitCode = 1;
          process.disconnect();
        },
      );
    }
  });
  // The parent went away without saying goodbye: close and exit (the intake store drains first).
  process.once('disconnect', () => {
    close().finally(() => process.exit());
  });
  send({ type: 'ready', port: address.port });
}

// Run only as a script: bench/reads imports bareServer and benchConfig from here.
if (import.meta.main) {
  main().catch((e: unknown) => {
    send({ type: 'error', message: (e as Error).stack ?? String(e) });
    process.exitCode = 1;
    process.disconnect?.();
  });
}
