import { isLang, LANGUAGES, type Lang } from './languages.ts';

/** Old or regional codes people's browsers send for the languages we have. */
const ALIASES: Record<string, Lang> = { in: 'id' };

/** The value of one cookie in a Cookie header, if present. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** The best of our languages for an Accept-Language header (RFC 9110 quality values), if any. */
export function fromAcceptLanguage(header: string | undefined): Lang | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .slice(0, 20)
    .map((item, i) => {
      const [tag = '', ...params] = item.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { primary: tag.trim().toLowerCase().split('-')[0] ?? '', q: q ? Number(q.slice(2)) : 1, i };
    })
    .filter((x) => Number.isFinite(x.q) && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { primary } of ranked) {
    const lang = ALIASES[primary] ?? primary;
    if (isLang(lang)) return lang;
  }
  return undefined;
}

/** The page language: `?lang=`, then the `lang` cookie, then Accept-Language, then English. */
export function chooseLanguage(input: {
  query?: unknown;
  cookie?: string | undefined;
  acceptLanguage?: string | undefined;
}): Lang {
  if (isLang(input.query)) return input.query;
  const fromCookie = cookieValue(input.cookie, 'lang');
  if (isLang(fromCookie)) return fromCookie;
  return fromAcceptLanguage(input.acceptLanguage) ?? LANGUAGES[0];
}
