import { z } from 'zod';
import type { FeedScope } from '../../publish/feeds.ts';
import type { FeedFormat, Publisher } from '../../publish/publisher.ts';
import { NotFoundError } from '../../shared/errors.ts';
import type { HttpContext } from '../context.ts';
import { capital, defineRoute, type Route } from '../route.ts';
import { sendRendered } from './statuspage.ts';

const TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
};

/** RSS 2.0 and Atom feeds of incidents: all, one provider's, one service's. */
export function feedRoutes(ctx: HttpContext, publisher: Publisher, publicUrl: string): Route[] {
  const check = (scope: FeedScope): FeedScope => {
    if (scope.kind === 'service' && !ctx.catalog.bySlug.has(scope.slug))
      throw new NotFoundError(`There is no service "${scope.slug}".`, 'slug');
    if (scope.kind === 'provider' && !ctx.catalog.providers.some((p) => p.slug === scope.slug))
      throw new NotFoundError(`There is no provider "${scope.slug}".`, 'slug');
    return scope;
  };
  const Slug = z.strictObject({ slug: z.string().max(63) });
  return (['rss', 'atom'] as const).flatMap((format) => [
    defineRoute({
      method: 'GET',
      url: `/feeds/incidents.${format}`,
      operationId: `incidentsFeed${capital(format)}`,
      summary: `Incidents as ${format === 'rss' ? 'RSS 2.0' : 'Atom'}`,
      tag: 'feeds',
      responses: { 200: { description: 'The feed', contentType: TYPES[format].split(';')[0] } },
      handler: ({ req, reply }) =>
        sendRendered(
          req,
          reply,
          publisher.feed({ kind: 'all' }, format, `${publicUrl}/feeds/incidents.${format}`),
          TYPES[format],
        ),
    }),
    ...(['providers', 'services'] as const).map((kind) =>
      defineRoute({
        method: 'GET',
        url: `/feeds/${kind}/:slug/incidents.${format}`,
        operationId: `${kind === 'providers' ? 'provider' : 'service'}IncidentsFeed${capital(format)}`,
        summary: `One ${kind === 'providers' ? 'provider' : 'service'}’s incidents as ${format === 'rss' ? 'RSS 2.0' : 'Atom'}`,
        tag: 'feeds',
        params: Slug,
        responses: {
          200: { description: 'The feed', contentType: TYPES[format].split(';')[0] },
          404: { description: `No such ${kind === 'providers' ? 'provider' : 'service'}` },
        },
        handler: ({ params, req, reply }) => {
          const scope = check({ kind: kind === 'providers' ? 'provider' : 'service', slug: params.slug });
          const self = `${publicUrl}/feeds/${kind}/${params.slug}/incidents.${format}`;
          return sendRendered(req, reply, publisher.feed(scope, format, self), TYPES[format]);
        },
      }),
    ),
  ]);
}
