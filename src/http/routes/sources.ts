import { z } from 'zod';
import { OutsideSignals, ProviderLagSchema } from '../../sources/service-sources.ts';
import type { HttpContext } from '../context.ts';
import { defineRoute, type Route } from '../route.ts';

/** Outside signals: official status pages, public posts and routing, and official status-page lag. */
export function sourcesRoutes(ctx: HttpContext): Route[] {
  return [
    defineRoute({
      method: 'GET',
      costly: true,
      url: '/api/v1/services/:slug/sources',
      operationId: 'getServiceSources',
      summary:
        'Outside signals of a service: posts and routing events per minute, its official status page, events',
      tag: 'sources',
      params: z.strictObject({ slug: z.string().min(1).max(64).describe('Service slug, e.g. "facebook"') }),
      query: z.strictObject({
        hours: z.coerce
          .number()
          .int()
          .min(1)
          .max(48)
          .default(6)
          .describe('How far back the per-minute counts go'),
      }),
      responses: {
        200: { description: 'Outside signals', schema: OutsideSignals },
        404: { description: 'No such service' },
      },
      handler: async ({ params, query, reply }) => {
        reply.header('cache-control', 'public, max-age=15');
        return ctx.sources.signals(params.slug, ctx.clock.now(), query.hours);
      },
    }),
    defineRoute({
      method: 'GET',
      costly: true,
      url: '/api/v1/status-page-lag',
      operationId: 'getStatusPageLag',
      summary: "How long after Downwatch's detection each provider's official channels admitted an incident",
      tag: 'sources',
      query: z.strictObject({
        provider: z.string().min(1).max(64).optional().describe('Only this provider'),
      }),
      responses: {
        200: { description: 'Per provider', schema: z.object({ providers: z.array(ProviderLagSchema) }) },
      },
      handler: async ({ query, reply }) => {
        reply.header('cache-control', 'public, max-age=60');
        return { providers: await ctx.sources.statusPageLag(query.provider) };
      },
    }),
  ];
}
