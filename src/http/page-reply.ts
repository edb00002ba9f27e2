import type { FastifyReply, FastifyRequest } from 'fastify';
import { chooseLanguage, cookieValue } from '../i18n/choose-language.ts';
import { isLang, type Lang } from '../i18n/languages.ts';
import type { CachedPage } from '../web/page-cache.ts';
import { sendEncoded } from './encoded-reply.ts';

/** A string query parameter (the first, when repeated), at most `max` characters. */
export function queryParam(req: FastifyRequest, name: string, max = 200): string | undefined {
  const q = req.query;
  if (typeof q !== 'object' || q === null || !(name in q)) return undefined;
  const v: unknown = Reflect.get(q, name);
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' ? s.slice(0, max) : undefined;
}

/** The reader's language and whether the URL fixed it (then the response does not vary by header). */
export function pageLanguage(req: FastifyRequest): { lang: Lang; explicit: boolean } {
  const query = queryParam(req, 'lang', 10);
  const lang = chooseLanguage({
    query,
    cookie: req.headers.cookie,
    acceptLanguage: req.headers['accept-language'],
  });
  return { lang, explicit: query === lang };
}

/** The language the reader chose on this site (`?lang=`, then the switch's cookie), if any. */
export function chosenLanguage(req: FastifyRequest): Lang | undefined {
  const query = queryParam(req, 'lang', 10);
  if (isLang(query)) return query;
  const cookie = cookieValue(req.headers.cookie, 'lang');
  return isLang(cookie) ? cookie : undefined;
}

/** How to send a page: its type, max-age, whether it varies by language headers, its status. */
export type SendOptions = {
  type?: string;
  /** Seconds a browser or CDN may reuse it. */
  maxAge?: number;
  /** The body depends on the Cookie and Accept-Language headers (no `?lang=` in the URL). */
  vary?: boolean;
  status?: number;
  /** The page was rendered for this request only (not cached): sent uncompressed. */
  fresh?: boolean;
};

/**
 * Sends a page rendered from the snapshot, with a strong ETag (304 when the client has it) and
 * caching a CDN can honour: short max-age, served stale while revalidating or when we fail.
 * Brotli or gzip by Accept-Encoding, each compressed once per cached page, with its own ETag.
 */
export function sendPage(
  req: FastifyRequest,
  reply: FastifyReply,
  page: CachedPage,
  o: SendOptions = {},
): string | Buffer {
  reply.code(o.status ?? 200);
  reply.type(o.type ?? 'text/html; charset=utf-8');
  reply.header(
    'cache-control',
    `public, max-age=${o.maxAge ?? 5}, stale-while-revalidate=30, stale-if-error=600`,
  );
  if (o.vary) reply.header('vary', 'Accept-Language, Cookie');
  return sendEncoded(req, reply, page, {
    compress: o.fresh !== true,
    conditional: (o.status ?? 200) === 200,
  });
}
