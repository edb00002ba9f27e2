import type { Translator } from '../i18n/translator.ts';
import { escapeHtml } from '../shared/escape-html.ts';

/** The site's icon: the logo's pulse line on the brand colour, as the header draws it. */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect width="24" height="24" rx="5" fill="#0b57a4"/><path d="M3 13h4l2-6 4 12 2-6h6" fill="none" stroke="#fff" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/></svg>
`;

/** robots.txt: everything public may be crawled except the API and the personal subscription pages. */
export function robotsTxt(publicUrl: string): string {
  return `User-agent: *
Allow: /
Disallow: /api/
Disallow: /subscribe/
Disallow: /lang
Sitemap: ${publicUrl}/sitemap.xml
`;
}

/** What the sitemap lists: the home page, every service page and every incident the snapshot knows. */
export type SitemapInput = { publicUrl: string; services: string[]; incidents: number[]; updatedAt?: string };

/** sitemap.xml (sitemaps.org 0.9) with absolute URLs. */
export function sitemapXml(s: SitemapInput): string {
  const lastmod = s.updatedAt ? `<lastmod>${escapeHtml(s.updatedAt)}</lastmod>` : '';
  const paths = [
    '/',
    '/incidents',
    ...s.services.map((slug) => `/status/${encodeURIComponent(slug)}`),
    ...s.incidents.map((id) => `/incidents/${id}`),
  ];
  const urls = paths.map(
    (p) => `<url><loc>${escapeHtml(`${s.publicUrl}${p}`)}</loc>${p === '/' ? lastmod : ''}</url>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.join('\n')}
</urlset>
`;
}

/** The web app manifest in the reader's language (installable; the icon is the favicon). */
export function webManifest(tr: Translator): string {
  return JSON.stringify({
    name: 'Downwatch',
    short_name: 'Downwatch',
    description: tr.t('site.tagline'),
    lang: tr.lang,
    start_url: '/',
    scope: '/',
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: '#0b57a4',
    icons: [{ src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
  });
}
