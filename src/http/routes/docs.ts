import type { FastifyInstance } from 'fastify';
import type { Lang } from '../../i18n/languages.ts';
import { type ApiDocument, docsPage } from '../../web/docs-page.ts';
import { type CachedPage, cachedPage } from '../../web/page-cache.ts';
import type { Site } from '../../web/site.ts';
import { pageLanguage, sendPage } from '../page-reply.ts';

/** The API documentation page: the OpenAPI document rendered by the site, once per language. */
export function registerDocsPage(app: FastifyInstance, site: Site, doc: ApiDocument): void {
  const rendered = new Map<Lang, CachedPage>();
  app.get('/api/v1/docs', async (req, reply) => {
    const { lang, explicit } = pageLanguage(req);
    let page = rendered.get(lang);
    if (!page) {
      page = cachedPage(
        docsPage({ tr: site.translators[lang], assets: site.assets.urls, doc, path: '/api/v1/docs' }),
      );
      rendered.set(lang, page);
    }
    return sendPage(req, reply, page, { vary: !explicit });
  });
}
