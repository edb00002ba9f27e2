import type { FastifyInstance } from 'fastify';
import { cachedPage } from '../../web/page-cache.ts';
import { FAVICON_SVG, robotsTxt, sitemapXml, webManifest } from '../../web/reach.ts';
import type { Site } from '../../web/site.ts';
import type { HttpContext } from '../context.ts';
import { pageLanguage, sendPage } from '../page-reply.ts';

const DAY = 24 * 3600;

/** What crawlers and share previews ask for: robots.txt, the sitemap, the manifest and the icon, all from memory. */
export function registerReach(app: FastifyInstance, ctx: HttpContext, site: Site): void {
  const robots = cachedPage(robotsTxt(site.publicUrl));
  const icon = cachedPage(FAVICON_SVG);
  app.get('/robots.txt', async (req, reply) =>
    sendPage(req, reply, robots, { type: 'text/plain; charset=utf-8', maxAge: DAY }),
  );
  const sendIcon = async (req: Parameters<typeof sendPage>[0], reply: Parameters<typeof sendPage>[1]) =>
    sendPage(req, reply, icon, { type: 'image/svg+xml; charset=utf-8', maxAge: DAY });
  app.get('/favicon.svg', sendIcon);
  // Browsers ask for /favicon.ico on their own; modern ones render the SVG served there too.
  app.get('/favicon.ico', sendIcon);
  app.get('/manifest.webmanifest', async (req, reply) => {
    const { lang, explicit } = pageLanguage(req);
    const page = site.pages.get(ctx.snapshot.version, `manifest:${lang}`, () =>
      cachedPage(webManifest(site.translators[lang])),
    );
    return sendPage(req, reply, page, {
      type: 'application/manifest+json; charset=utf-8',
      vary: !explicit,
      maxAge: 3600,
    });
  });
  app.get('/sitemap.xml', async (req, reply) => {
    const page = await site.pages.load(ctx.snapshot.version, 'sitemap', async () =>
      cachedPage(
        sitemapXml({
          publicUrl: site.publicUrl,
          services: ctx.catalog.services.map((s) => s.slug),
          // The sitemap protocol's ceiling is 50,000 URLs per file; services take a few of them.
          incidents: await ctx.incidents.incidentIds(49_000),
          updatedAt: ctx.snapshot.model?.summary.updatedAt,
        }),
      ),
    );
    return sendPage(req, reply, page, { type: 'application/xml; charset=utf-8', maxAge: 300 });
  });
}
