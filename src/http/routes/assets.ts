import type { FastifyInstance } from 'fastify';
import type { SiteAssets } from '../../web/assets.ts';
import { sendEncoded } from '../encoded-reply.ts';

/** Static assets from memory under content-hashed names: cached for a year, revalidated by ETag. */
export function registerAssets(app: FastifyInstance, assets: SiteAssets): void {
  app.get<{ Params: { name: string } }>('/assets/:name', async (req, reply) => {
    const a = assets.byName.get(req.params.name);
    if (!a) {
      reply.code(404).type('text/plain; charset=utf-8').header('cache-control', 'public, max-age=60');
      return 'Not found';
    }
    reply
      .type(a.type)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff');
    const body = sendEncoded(req, reply, a);
    return reply.statusCode === 304 ? reply.send() : body;
  });
}
