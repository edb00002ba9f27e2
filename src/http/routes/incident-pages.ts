import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Lang } from '../../i18n/languages.ts';
import { ArchiveFilter, archiveQuery, cursorOf } from '../../incidents/archive-filter.ts';
import { type IncidentData, incidentData } from '../../incidents/incident-data.ts';
import { summarise } from '../../incidents/incident-report.ts';
import { NotFoundError } from '../../shared/errors.ts';
import { archivePage } from '../../web/archive-page.ts';
import { incidentMarkdown } from '../../web/incident-markdown.ts';
import { incidentChart, incidentPage } from '../../web/incident-page.ts';
import { messagePage } from '../../web/message-page.ts';
import { cachedPage } from '../../web/page-cache.ts';
import type { Site } from '../../web/site.ts';
import type { HttpContext } from '../context.ts';
import { pageLanguage, queryParam, sendPage } from '../page-reply.ts';

const ARCHIVE_FIELDS = ['service', 'provider', 'from', 'to', 'severity', 'after'] as const;

type Params = { Params: { id: string } };

/**
 * Incident pages and their downloads (JSON, Markdown, SVG chart). The report is read from the store
 * once per snapshot version and incident, then every view is served from memory.
 */
export function registerIncidentPages(app: FastifyInstance, ctx: HttpContext, site: Site): void {
  /** The highest incident id the snapshot knows: larger ids cannot exist yet, so they cost no query. */
  let known = { version: -1, max: 0 };
  const maxKnownId = () => {
    if (known.version === ctx.snapshot.version) return known.max;
    const m = ctx.snapshot.model;
    let max = 0;
    for (const i of m?.summary.incidents ?? []) max = Math.max(max, i.id);
    for (const d of m?.details.values() ?? []) for (const i of d.incidents) max = Math.max(max, i.id);
    known = { version: ctx.snapshot.version, max };
    return max;
  };
  const load = async (raw: string): Promise<IncidentData | undefined> => {
    const id = /^[1-9]\d{0,12}$/.test(raw) ? Number(raw) : 0;
    if (id === 0 || id > maxKnownId()) return undefined;
    try {
      return await site.incidents.load(ctx.snapshot.version, String(id), () =>
        incidentData(ctx.store, ctx.incidents, id, ctx.clock.now(), (s, t) => ctx.monitor.expectedAt(s, t)),
      );
    } catch (e) {
      if (e instanceof NotFoundError) return undefined;
      throw e;
    }
  };
  const missing = (req: FastifyRequest, reply: FastifyReply, lang: Lang, id: string) => {
    const tr = site.translators[lang];
    const body = messagePage({
      tr,
      assets: site.assets.urls,
      heading: tr.t('site.notFound'),
      text: tr.t('incident.notFound', { id }),
      path: req.url,
    });
    return reply
      .code(404)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'public, max-age=10')
      .send(body);
  };
  const notFoundError = (id: string) => new NotFoundError(`There is no incident ${id}.`, 'id');

  app.get<Params>('/incidents/:id', async (req, reply) => {
    const { lang, explicit } = pageLanguage(req);
    const data = await load(req.params.id);
    if (!data) return missing(req, reply, lang, req.params.id);
    const id = data.report.incident.id;
    const page = await site.pages.load(ctx.snapshot.version, `incident:${id}:${lang}`, async () =>
      cachedPage(
        incidentPage({
          tr: site.translators[lang],
          publicUrl: site.publicUrl,
          neighbours: await ctx.incidents.neighbours(id),
          data,
          assets: site.assets.urls,
          map: site.assets.map,
          path: `/incidents/${id}`,
        }),
      ),
    );
    return sendPage(req, reply, page, { vary: !explicit });
  });

  // The archive: filters in the query (the API's schema), pages rendered once per snapshot version.
  app.get('/incidents', async (req, reply) => {
    const { lang, explicit } = pageLanguage(req);
    const tr = site.translators[lang];
    const parsed = ArchiveFilter.safeParse(
      Object.fromEntries(
        ARCHIVE_FIELDS.map((k) => [k, queryParam(req, k, 64)]).filter(([, v]) => v !== undefined),
      ),
    );
    if (!parsed.success) {
      const body = messagePage({
        tr,
        assets: site.assets.urls,
        heading: tr.t('archive.title'),
        text: tr.t('archive.invalid'),
        path: req.url,
        error: true,
      });
      return reply
        .code(400)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'public, max-age=60')
        .send(body);
    }
    const f = parsed.data;
    const limit = 25;
    const canonical = new URLSearchParams();
    for (const k of ARCHIVE_FIELDS) {
      const v = f[k];
      if (v !== undefined) canonical.set(k, v);
    }
    const query = canonical.toString();
    const page = await site.pages.load(ctx.snapshot.version, `archive:${lang}:${query}`, async () => {
      const rows = await ctx.incidents.archive(archiveQuery(f, ctx.catalog, limit + 1));
      const shown = rows.slice(0, limit);
      const last = shown[shown.length - 1];
      return cachedPage(
        archivePage({
          tr,
          publicUrl: site.publicUrl,
          catalog: ctx.catalog,
          assets: site.assets.urls,
          filter: f,
          incidents: shown.map(summarise),
          next: rows.length > limit && last ? cursorOf(last) : null,
          path: query ? `/incidents?${query}` : '/incidents',
        }),
      );
    });
    return sendPage(req, reply, page, { vary: !explicit });
  });

  app.get<Params>('/incidents/:id.json', async (req, reply) => {
    const data = await load(req.params.id);
    if (!data) throw notFoundError(req.params.id);
    const page = site.pages.get(ctx.snapshot.version, `incident-json:${data.report.incident.id}`, () =>
      cachedPage(JSON.stringify(data)),
    );
    return sendPage(req, reply, page, { type: 'application/json; charset=utf-8' });
  });

  app.get<Params>('/incidents/:id.md', async (req, reply) => {
    const { lang, explicit } = pageLanguage(req);
    const data = await load(req.params.id);
    if (!data) throw notFoundError(req.params.id);
    const id = data.report.incident.id;
    const page = site.pages.get(ctx.snapshot.version, `incident-md:${id}:${lang}`, () =>
      cachedPage(incidentMarkdown(site.translators[lang], data)),
    );
    return sendPage(req, reply, page, { type: 'text/markdown; charset=utf-8', vary: !explicit });
  });

  app.get<Params>('/incidents/:id.svg', async (req, reply) => {
    const { lang, explicit } = pageLanguage(req);
    const data = await load(req.params.id);
    if (!data) throw notFoundError(req.params.id);
    const id = data.report.incident.id;
    const page = site.pages.get(ctx.snapshot.version, `incident-svg:${id}:${lang}`, () =>
      cachedPage(incidentChart(site.translators[lang], data, true)),
    );
    return sendPage(req, reply, page, { type: 'image/svg+xml; charset=utf-8', vary: !explicit });
  });
}
