import { randomBytes, timingSafeEqual } from 'node:crypto';
import Fastify, {
  type FastifyInstance,
  type FastifyRequest,
  type FastifyServerOptions,
  LogController,
} from 'fastify';
import { UnauthorizedError } from '../shared/errors.ts';
import type { HttpContext } from './context.ts';
import { toProblem } from './problem.ts';
import { openApiDocument, type Route, registerRoutes } from './route.ts';
import { docsPage } from './routes/docs-page.ts';
import { healthRoutes } from './routes/health.ts';
import { incidentRoutes } from './routes/incidents.ts';
import { reportRoutes } from './routes/reports.ts';
import { serviceRoutes } from './routes/services.ts';

/** Every API route, in documentation order. */
export const apiRoutes = (ctx: HttpContext): Route[] => [
  ...reportRoutes(ctx),
  ...serviceRoutes(ctx),
  ...incidentRoutes(ctx),
  ...healthRoutes(ctx),
];

function adminGuard(token: string | undefined) {
  const expected = token ? Buffer.from(token) : undefined;
  return (req: FastifyRequest) => {
    if (!expected)
      throw new UnauthorizedError('Admin endpoints are disabled: set DOWNWATCH_ADMIN_TOKEN to enable them.');
    const given = Buffer.from((req.headers.authorization ?? '').replace(/^Bearer\s+/i, ''));
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new UnauthorizedError('The admin token is missing or wrong.');
  };
}

/** The HTTP adapter: validates, calls verbs, maps errors to problem+json, logs one line per request. */
export function buildServer(
  ctx: HttpContext,
  logger: FastifyServerOptions['logger'] = false,
): FastifyInstance {
  const { config } = ctx;
  const app = Fastify({
    logger,
    // Fastify's two lines per request are replaced by our one (onResponse below).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy : false,
    requestTimeout: config.requestTimeoutSeconds * 1000,
    connectionTimeout: config.requestTimeoutSeconds * 1000 * 2,
    keepAliveTimeout: 30_000,
    routerOptions: { maxParamLength: 200 },
    genReqId: () => randomBytes(8).toString('hex'),
    return503OnClosing: true,
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
    if (p.status >= 500) req.log.error({ err }, 'request failed');
    return reply.code(p.status).headers(p.headers).send(p.body);
  });
  app.setNotFoundHandler(async (req, reply) => {
    const p = toProblem({ statusCode: 404 }, req.id, req.url.split('?')[0] ?? '/');
    return reply
      .code(404)
      .headers(p.headers)
      .send({ ...p.body, detail: `No route for ${req.method} ${req.url.split('?')[0]}` });
  });

  const routes = apiRoutes(ctx);
  registerRoutes(app, routes, adminGuard(config.adminToken));
  const doc = openApiDocument(routes, { title: 'Downwatch', version: ctx.version });
  const docJson = JSON.stringify(doc);
  const docHtml = docsPage(doc);
  app.get('/api/v1/openapi.json', async (_req, reply) =>
    reply.type('application/json; charset=utf-8').send(docJson),
  );
  app.get('/api/v1/docs', async (_req, reply) => reply.type('text/html; charset=utf-8').send(docHtml));
  app.get('/', async (_req, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .send(
        `<!doctype html><meta charset="utf-8"><title>Downwatch</title><h1>Downwatch</h1><p>${ctx.catalog.services.length} services watched. <a href="/api/v1/status">Status (JSON)</a> · <a href="/api/v1/docs">API docs</a></p>`,
      ),
  );
  return app;
}
