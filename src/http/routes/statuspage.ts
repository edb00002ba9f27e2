import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Publisher, Rendered, StatuspageDoc } from '../../publish/publisher.ts';
import type { PageScope } from '../../publish/statuspage.ts';
import { SpComponentsDoc, SpIncidentsDoc, SpStatusDoc, SpSummary } from '../../publish/statuspage-schema.ts';
import { NotFoundError, UnavailableError } from '../../shared/errors.ts';
import type { HttpContext } from '../context.ts';
import { sendEncoded } from '../encoded-reply.ts';
import { capital, defineRoute, type Route } from '../route.ts';

/** Sends a rendered body with its ETag (304 when unchanged) and CDN-friendly caching. */
export async function sendRendered(
  req: FastifyRequest,
  reply: FastifyReply,
  pending: Promise<Rendered> | undefined,
  type: string,
): Promise<string | Buffer> {
  if (!pending) throw new UnavailableError('The status snapshot is not built yet.', 1);
  const r = await pending;
  reply.header('cache-control', 'public, max-age=10, stale-while-revalidate=30, stale-if-error=600');
  reply.header('access-control-allow-origin', '*');
  const body = sendEncoded(req, reply, r);
  if (reply.statusCode !== 304) reply.type(type);
  return body;
}

const DOCS: { path: string; doc: StatuspageDoc; summary: string; schema: z.ZodType }[] = [
  {
    path: 'summary.json',
    doc: 'summary',
    summary: 'Status, components and unresolved incidents',
    schema: SpSummary,
  },
  { path: 'status.json', doc: 'status', summary: 'The overall status indicator', schema: SpStatusDoc },
  {
    path: 'components.json',
    doc: 'components',
    summary: 'Every component and its status',
    schema: SpComponentsDoc,
  },
  {
    path: 'incidents.json',
    doc: 'incidents',
    summary: 'The 50 most recent incidents',
    schema: SpIncidentsDoc,
  },
  {
    path: 'incidents/unresolved.json',
    doc: 'unresolved',
    summary: 'Incidents not yet resolved',
    schema: SpIncidentsDoc,
  },
];

/**
 * Statuspage v2-compatible JSON for the whole instance (services grouped by provider) and for each
 * provider as a page of its own, so existing Statuspage clients and widgets read Downwatch unchanged.
 */
export function statuspageRoutes(ctx: HttpContext, publisher: Publisher): Route[] {
  const provider = (slug: string): PageScope => {
    if (!ctx.catalog.providers.some((p) => p.slug === slug))
      throw new NotFoundError(`There is no provider "${slug}".`, 'slug');
    return { kind: 'provider', slug };
  };
  return DOCS.flatMap((d) => [
    defineRoute({
      method: 'GET',
      url: `/api/v2/${d.path}`,
      operationId: `statuspage${capital(d.doc)}`,
      summary: `Statuspage v2: ${d.summary}`,
      tag: 'statuspage',
      responses: { 200: { description: d.summary, schema: d.schema } },
      handler: ({ req, reply }) =>
        sendRendered(
          req,
          reply,
          publisher.statuspage({ kind: 'instance' }, d.doc),
          'application/json; charset=utf-8',
        ),
    }),
    defineRoute({
      method: 'GET',
      url: `/api/v2/providers/:slug/${d.path}`,
      operationId: `providerStatuspage${capital(d.doc)}`,
      summary: `Statuspage v2 for one provider: ${d.summary}`,
      tag: 'statuspage',
      params: z.strictObject({ slug: z.string().max(63) }),
      responses: {
        200: { description: d.summary, schema: d.schema },
        404: { description: 'No such provider' },
      },
      handler: ({ params, req, reply }) =>
        sendRendered(
          req,
          reply,
          publisher.statuspage(provider(params.slug), d.doc),
          'application/json; charset=utf-8',
        ),
    }),
  ]);
}
