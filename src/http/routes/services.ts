import { z } from 'zod';
import { NotFoundError } from '../../shared/errors.ts';
import { getSeries, Series, SeriesParams } from '../../status/get-series.ts';
import { ServiceDetail, ServiceStatus, StatusSummary } from '../../status/service-status.ts';
import { sendCached } from '../cached-reply.ts';
import type { HttpContext } from '../context.ts';
import { defineRoute, type Route } from '../route.ts';

const SlugParams = z.strictObject({
  slug: z.string().min(1).max(64).describe('Service slug, e.g. "facebook"'),
});

const Category = z.object({ id: z.string(), labels: z.record(z.string(), z.string()) });
const ServiceInfo = z
  .object({
    slug: z.string(),
    name: z.string(),
    names: z.record(z.string(), z.string()),
    provider: z.string(),
    kind: z.string(),
    website: z.string(),
    countries: z.array(z.string()),
    categories: z.array(Category),
    dependencies: z.array(z.string()),
  })
  .meta({ id: 'ServiceInfo' });

/** Catalog, current status (from the snapshot) and signals. */
export function serviceRoutes(ctx: HttpContext): Route[] {
  const info = ctx.catalog.services.map((s) => ({
    slug: s.slug,
    name: s.name,
    names: s.names,
    provider: s.provider,
    kind: s.kind,
    website: s.website,
    countries: s.countries,
    categories: s.categories,
    dependencies: s.dependencies,
  }));
  const infoBody = JSON.stringify({ services: info, providers: ctx.catalog.providers });
  const bySlug = new Map(info.map((s) => [s.slug, JSON.stringify(s)]));
  const known = (slug: string) => {
    if (!bySlug.has(slug)) throw new NotFoundError(`There is no service "${slug}" in the catalog.`, 'slug');
  };
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/services',
      operationId: 'listServices',
      summary: 'The catalog: every service with its provider and problem categories',
      tag: 'services',
      responses: {
        200: {
          description: 'Services and providers',
          schema: z.object({
            services: z.array(ServiceInfo),
            providers: z.array(z.object({ slug: z.string(), name: z.string() })),
          }),
        },
      },
      handler: async ({ reply }) => {
        reply.type('application/json; charset=utf-8').header('cache-control', 'public, max-age=300');
        return infoBody;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/services/:slug',
      operationId: 'getService',
      summary: 'One service from the catalog',
      tag: 'services',
      params: SlugParams,
      responses: {
        200: { description: 'The service', schema: ServiceInfo },
        404: { description: 'Unknown service' },
      },
      handler: async ({ params, reply }) => {
        known(params.slug);
        reply.type('application/json; charset=utf-8').header('cache-control', 'public, max-age=300');
        return bySlug.get(params.slug);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/status',
      operationId: 'getAllStatus',
      summary: 'Current status and report counts of every service (served from memory)',
      tag: 'status',
      responses: {
        200: { description: 'Status of all services', schema: StatusSummary },
        304: { description: 'Not modified (ETag)' },
      },
      handler: async ({ req, reply }) => sendCached(req, reply, ctx.snapshot.summary),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/services/:slug/status',
      operationId: 'getServiceStatus',
      summary: 'Current status of one service (served from memory)',
      tag: 'status',
      params: SlugParams,
      responses: {
        200: { description: 'Status', schema: ServiceStatus },
        304: { description: 'Not modified (ETag)' },
        404: { description: 'Unknown service' },
      },
      handler: async ({ params, req, reply }) => {
        known(params.slug);
        return sendCached(req, reply, ctx.snapshot.service(params.slug));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/services/:slug/detail',
      operationId: 'getServiceDetail',
      summary:
        'Everything a service page shows: status, 24 h series against the baseline, incidents (served from memory)',
      tag: 'status',
      params: SlugParams,
      responses: {
        200: { description: 'Service detail', schema: ServiceDetail },
        304: { description: 'Not modified (ETag)' },
        404: { description: 'Unknown service' },
      },
      handler: async ({ params, req, reply }) => {
        known(params.slug);
        return sendCached(req, reply, ctx.snapshot.detail(params.slug));
      },
    }),
    defineRoute({
      method: 'GET',
      costly: true,
      url: '/api/v1/services/:slug/signals',
      operationId: 'getServiceSignals',
      summary: 'Counted reports over time in 1-minute, 15-minute or 1-hour buckets',
      tag: 'signals',
      params: SlugParams,
      query: SeriesParams,
      responses: {
        200: { description: 'A dense series ending now', schema: Series },
        404: { description: 'Unknown service' },
        422: { description: 'Bad query' },
      },
      handler: async ({ params, query, reply }) => {
        reply.header('cache-control', 'public, max-age=10');
        return getSeries(ctx, params.slug, query, ctx.clock.now());
      },
    }),
  ];
}
