import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isLang, type Lang } from '../../i18n/languages.ts';
import { submitReport } from '../../intake/intake.ts';
import { DomainError, RateLimitedError, UnavailableError } from '../../shared/errors.ts';
import { problemLevelLabelKey } from '../../shared/status-vocabulary.ts';
import { statusBadge } from '../../web/badge.ts';
import { homePage } from '../../web/home-page.ts';
import { messagePage } from '../../web/message-page.ts';
import { cachedPage } from '../../web/page-cache.ts';
import type { ReportNotice } from '../../web/report-form.ts';
import { servicePage } from '../../web/service-page.ts';
import type { Site } from '../../web/site.ts';
import type { HttpContext } from '../context.ts';
import type { FormGuard } from '../form-guard.ts';
import { originOf } from '../origin.ts';
import { pageLanguage, queryParam, sendPage } from '../page-reply.ts';

const YEAR = 365 * 24 * 3600;
const ERRORS = ['rate-limited', 'invalid', 'unavailable'] as const;

/**
 * A local path to return to after switching language (never another site), without `lang=`. The
 * path is judged after the URL parser has resolved it: dot segments ("/.//evil.example") and
 * stripped tabs can otherwise leave a "//host" that a browser reads as another origin.
 */
export function safeNext(next: string | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.includes('\\')) return '/';
  let url: URL;
  try {
    url = new URL(next, 'http://local');
  } catch {
    return '/';
  }
  if (url.origin !== 'http://local' || url.pathname.startsWith('//') || url.pathname.includes('\\'))
    return '/';
  url.searchParams.delete('lang');
  return `${url.pathname}${url.search}`;
}

/** The status site's pages: home, service pages, the no-JavaScript report form, language switch, badges. */
export function registerPages(app: FastifyInstance, ctx: HttpContext, site: Site, forms: FormGuard): void {
  const model = () => {
    const m = ctx.snapshot.model;
    if (!m) throw new UnavailableError('The status snapshot is not built yet.', 1);
    return m;
  };
  const notFound = (req: FastifyRequest, reply: FastifyReply, lang: Lang, text: string) => {
    const tr = site.translators[lang];
    const body = messagePage({
      tr,
      assets: site.assets.urls,
      heading: tr.t('site.notFound'),
      text,
      path: req.url,
    });
    return reply
      .code(404)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'public, max-age=60')
      .send(body);
  };

  app.get('/', async (req, reply) => {
    const { lang, explicit } = pageLanguage(req);
    const query = (queryParam(req, 'q', 100) ?? '').trim();
    const render = () =>
      homePage({
        tr: site.translators[lang],
        publicUrl: site.publicUrl,
        catalog: ctx.catalog,
        model: model(),
        assets: site.assets.urls,
        query,
        path: req.url,
      });
    const page = query
      ? cachedPage(render())
      : site.pages.get(ctx.snapshot.version, `home:${lang}`, () => cachedPage(render()));
    return sendPage(req, reply, page, { vary: !explicit, fresh: query.length > 0 });
  });

  app.get<{ Params: { slug: string } }>('/status/:slug', async (req, reply) => {
    const { lang, explicit } = pageLanguage(req);
    const service = ctx.catalog.bySlug.get(req.params.slug);
    const detail = ctx.snapshot.detailOf(req.params.slug);
    if (!service || !detail) {
      return notFound(
        req,
        reply,
        lang,
        site.translators[lang].t('service.notFound', { slug: req.params.slug }),
      );
    }
    const reported = queryParam(req, 'reported', 64);
    const error = ERRORS.find((e) => e === queryParam(req, 'error', 20));
    const notice: ReportNotice | undefined =
      reported && service.categories.some((c) => c.id === reported)
        ? { kind: 'thanks', problem: reported }
        : error
          ? { kind: 'error', code: error }
          : undefined;
    // The form token changes by the hour, so the hour is part of the cached page's key.
    const now = ctx.clock.now();
    const formToken = forms.reportToken(service.slug, now);
    const key = `service:${service.slug}:${lang}:${notice?.kind === 'thanks' ? notice.problem : (error ?? '')}:${formToken}`;
    const page = site.pages.get(ctx.snapshot.version, key, () =>
      cachedPage(
        servicePage({
          tr: site.translators[lang],
          publicUrl: site.publicUrl,
          service,
          detail,
          assets: site.assets.urls,
          map: site.assets.map,
          notice,
          formToken,
          path: `/status/${service.slug}`,
          updatedAt: model().summary.updatedAt,
        }),
      ),
    );
    return sendPage(req, reply, page, { vary: !explicit });
  });

  // The report form without JavaScript: a urlencoded POST, the same verb as the JSON API, then 303.
  app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 2048 },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    scope.post<{ Params: { slug: string }; Body: unknown }>('/status/:slug/report', async (req, reply) => {
      const slug = req.params.slug;
      const { lang } = pageLanguage(req);
      if (!ctx.catalog.bySlug.has(slug))
        return notFound(req, reply, lang, site.translators[lang].t('service.notFound', { slug }));
      const fields = typeof req.body === 'object' && req.body !== null ? req.body : {};
      const problem: unknown = Reflect.get(fields, 'problem');
      // Cross-site posts are refused outright; a stale or missing token sends the visitor back to a
      // fresh page with a notice (nothing is counted either way).
      forms.checkOrigin(req);
      const formLang: unknown = Reflect.get(fields, 'lang');
      const suffix = isLang(formLang) ? `&lang=${formLang}` : '';
      reply.header('cache-control', 'no-store');
      if (!forms.checkReportToken(slug, Reflect.get(fields, 'token'), ctx.clock.now()))
        return reply.redirect(`/status/${slug}?error=invalid${suffix}#report-h`, 303);
      try {
        await submitReport(ctx.intake, { service: slug, problem }, originOf(ctx.config, req));
        return reply.redirect(
          `/status/${slug}?reported=${encodeURIComponent(String(problem))}${suffix}`,
          303,
        );
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        const code =
          e instanceof RateLimitedError
            ? 'rate-limited'
            : e instanceof UnavailableError
              ? 'unavailable'
              : 'invalid';
        return reply.redirect(`/status/${slug}?error=${code}${suffix}#report-h`, 303);
      }
    });
  });

  app.get('/lang', async (req, reply) => {
    const lang = queryParam(req, 'lang', 10);
    const next = safeNext(queryParam(req, 'next', 500));
    reply.header('cache-control', 'no-store');
    if (isLang(lang)) reply.header('set-cookie', `lang=${lang}; Path=/; Max-Age=${YEAR}; SameSite=Lax`);
    return reply.redirect(next, 303);
  });

  app.get<{ Params: { slug: string } }>('/badge/:slug.svg', async (req, reply) => {
    const lang = queryParam(req, 'lang', 10);
    const l: Lang = isLang(lang) ? lang : 'en';
    const status = ctx.snapshot.model?.details.get(req.params.slug)?.status;
    if (!status)
      return notFound(req, reply, l, site.translators[l].t('service.notFound', { slug: req.params.slug }));
    const tr = site.translators[l];
    const page = site.pages.get(ctx.snapshot.version, `badge:${status.slug}:${l}`, () =>
      cachedPage(
        statusBadge(tr.service(status.slug), tr.t(problemLevelLabelKey(status.verdict)), status.verdict),
      ),
    );
    return sendPage(req, reply, page, { type: 'image/svg+xml; charset=utf-8', maxAge: 30 });
  });
}
