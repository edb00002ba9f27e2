import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../../metrics/metrics.ts';

/** Intake refusals by reason, from the report endpoint's status codes. */
const REASONS: Record<number, string> = {
  400: 'malformed',
  404: 'unknown_service',
  408: 'timeout',
  413: 'too_large',
  415: 'wrong_media_type',
  422: 'invalid',
  429: 'rate_limited',
  503: 'unavailable',
};

/**
 * Prometheus `/metrics` (text format), and the intake refusals counted from the report endpoint's
 * answers so the intake code needs no metrics calls.
 */
export function registerMetrics(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', async (req, reply) => {
    if (req.method !== 'POST' || req.routeOptions.url !== '/api/v1/reports' || reply.statusCode < 400) return;
    metrics.reportsRejected.inc({ reason: REASONS[reply.statusCode] ?? 'error' });
  });
  app.get('/metrics', async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    return reply.type(metrics.contentType).send(await metrics.render());
  });
}
