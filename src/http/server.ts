import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import underPressure from '@fastify/under-pressure';
import Fastify, {
  type FastifyHttpOptions,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  LogController,
} from 'fastify';
import type { Config } from '../config/config.ts';
import { Publisher } from '../publish/publisher.ts';
import { DomainError, UnauthorizedError, UnavailableError } from '../shared/errors.ts';
import { createSite } from '../web/site.ts';
import { ClientLimits } from './client-limits.ts';
import type { HttpContext } from './context.ts';
import { FormGuard } from './form-guard.ts';
import { clientErrorResponse, toProblem } from './problem.ts';
import { ReadGate } from './read-gate.ts';
import { openApiDocument, type Route, registerRoutes } from './route.ts';
import { alertRoutes } from './routes/alerts.ts';
import { registerAssets } from './routes/assets.ts';
import { registerDocsPage } from './routes/docs.ts';
import { feedRoutes } from './routes/feeds.ts';
import { healthRoutes } from './routes/health.ts';
import { registerIncidentPages } from './routes/incident-pages.ts';
import { incidentRoutes } from './routes/incidents.ts';
import { LiveHub, liveRoutes } from './routes/live.ts';
import { registerMcp } from './routes/mcp.ts';
import { registerMetrics } from './routes/metrics.ts';
import { registerPages } from './routes/pages.ts';
import { probeRoutes } from './routes/probes.ts';
import { registerReach } from './routes/reach.ts';
import { reportRoutes } from './routes/reports.ts';
import { serviceRoutes } from './routes/services.ts';
import { sourcesRoutes } from './routes/sources.ts';
import { statuspageRoutes } from './routes/statuspage.ts';
import { registerSubscribePages } from './routes/subscribe.ts';
import { securityHeaders } from './security-headers.ts';

/** Every API route, in documentation order. */
export const apiRoutes = (ctx: HttpContext): Route[] => [
  ...reportRoutes(ctx),
  ...serviceRoutes(ctx),
  ...incidentRoutes(ctx),
  ...alertRoutes(ctx),
  ...probeRoutes(ctx),
  ...sourcesRoutes(ctx),
  ...healthRoutes(ctx),
];

function adminGuard(token: string | undefined) {
  const expected = token ? Buffer.from(token) : undefined;
  return (req: FastifyRequest) => {
    if (!expected)
      throw new UnauthorizedError('Admin endpoints are disabled: set DOWNWATCH_ADMIN_TOKEN to enable them.');
    // Only the Bearer scheme (RFC 6750): a bare token in the header is a credential sent carelessly.
    const m = /^Bearer +(\S+)$/i.exec(req.headers.authorization ?? '');
    const given = Buffer.from(m?.[1] ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new UnauthorizedError('The admin token is missing or wrong.');
  };
}

/**
 * The Fastify options of the server (also used by the benchmarks' bare endpoint, so both run with
 * the same logger, limits, timeouts and request ids).
 */
export function serverOptions(
  config: Config,
  logger: FastifyServerOptions['logger'],
): FastifyHttpOptions<Server> {
  return {
    logger,
    // Fastify's two lines per request are replaced by our one (onResponse below).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy : false,
    requestTimeout: config.requestTimeoutSeconds * 1000,
    // Node enforces a slow request through headersTimeout, fixed when the server is created (else 60 s).
    http: {
      requestTimeout: config.requestTimeoutSeconds * 1000,
      headersTimeout: config.requestTimeoutSeconds * 1000,
      connectionsCheckingInterval: 1000,
    },
    connectionTimeout: config.requestTimeoutSeconds * 1000 * 2,
    keepAliveTimeout: 30_000,
    routerOptions: { maxParamLength: 200 },
    genReqId: () => randomUUID(),
    return503OnClosing: true,
    // Unparsable requests, bad URLs and over-long path parameters answer problem+json too.
    clientErrorHandler: (err, socket) => {
      if (err.code !== 'ECONNRESET' && socket.writable)
        socket.write(clientErrorResponse(err.code, randomBytes(8).toString('hex')));
      socket.destroy(err);
    },
    frameworkErrors: (err, req, reply) => {
      const p = toProblem(err, req.id, req.url.split('?')[0] ?? '/');
      (reply as FastifyReply).code(p.status).headers(p.headers).send(p.body);
    },
  };
}

/** The HTTP adapter: validates, calls verbs, maps errors to problem+json, logs one line per request. */
export function buildServer(
  ctx: HttpContext,
  logger: FastifyServerOptions['logger'] = false,
): FastifyInstance {
  const { config } = ctx;
  const app = Fastify(serverOptions(config, logger));

  // Load shedding: when the event loop lags, answer 503 with Retry-After before it stalls
  // (health checks excepted), instead of queueing work we cannot finish in time.
  app.register(underPressure, {
    maxEventLoopDelay: config.shedEventLoopDelayMs,
    sampleInterval: 100,
    pressureHandler: (req, reply) => {
      const p = toProblem(
        new UnavailableError('The server is overloaded; try again shortly.', 2),
        req.id,
        req.url.split('?')[0] ?? '/',
      );
      reply.code(p.status).headers(p.headers).send(p.body);
    },
  });
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('application/x-ndjson', { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );
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
  app.setErrorHandler(async (err, req, reply) => {
    const p = toProblem(err, req.id, req.url.split('?')[0] ?? '/');
    // Our own refusals (a full hub, a snapshot not built yet) are decisions, not failures: the
    // request line says enough; only the unexpected earns an error line with its stack.
    if (p.status >= 500 && !(err instanceof DomainError)) req.log.error({ err }, 'request failed');
    return reply.code(p.status).headers(p.headers).send(p.body);
  });
  app.setNotFoundHandler(async (req, reply) => {
    const p = toProblem({ statusCode: 404 }, req.id, req.url.split('?')[0] ?? '/');
    return reply
      .code(404)
      .headers(p.headers)
      .send({ ...p.body, detail: `No route for ${req.method} ${req.url.split('?')[0]}` });
  });

  // A flood of readers must not starve intake: reads are paced while reports arrive on a busy loop.
  const gate = new ReadGate();
  app.addHook('onRequest', gate.hook);
  app.addHook('onClose', async () => gate.close());
  const hub = new LiveHub(ctx.snapshot);
  // What costs more than a cached read (store-bound queries, live-stream slots) is limited per client.
  const limits = new ClientLimits();
  app.addHook('preClose', async () => hub.close());
  // Prometheus metrics, Statuspage v2 JSON and incident feeds (docs/adr/0009-alerts.md).
  registerMetrics(app, ctx.metrics);
  const publisher = new Publisher({
    snapshot: ctx.snapshot,
    incidents: ctx.incidents,
    catalog: ctx.catalog,
    publicUrl: ctx.alerts.publicUrl,
    since: Date.now(),
  });
  const routes = [
    ...apiRoutes(ctx),
    ...liveRoutes(hub, limits),
    ...statuspageRoutes(ctx, publisher),
    ...feedRoutes(ctx, publisher, ctx.alerts.publicUrl),
  ];
  registerRoutes(app, routes, adminGuard(config.adminToken), (req) => limits.costly(req));
  const doc = openApiDocument(routes, { title: 'Downwatch', version: ctx.version });
  const docJson = JSON.stringify(doc);
  app.get('/api/v1/openapi.json', async (_req, reply) =>
    reply.type('application/json; charset=utf-8').send(docJson),
  );
  // Model Context Protocol for AI assistants: read-only tools over the API above (src/mcp/).
  registerMcp(app, ctx.version);
  // The status site: server-rendered pages from the snapshot, its assets and downloads, each sent
  // with the security headers (CSP, nosniff, no framing, referrer policy).
  const site = createSite(ctx.catalog, ctx.alerts.publicUrl);
  const forms = new FormGuard({
    secret: config.formSecret,
    adminToken: config.adminToken,
    publicUrl: config.publicUrl,
  });
  app.register(async (web) => {
    web.addHook('onSend', securityHeaders);
    registerDocsPage(web, site, doc);
    registerAssets(web, site.assets);
    registerPages(web, ctx, site, forms);
    registerIncidentPages(web, ctx, site);
    registerReach(web, ctx, site);
    registerSubscribePages(web, ctx, site, forms);
  });
  return app;
}
