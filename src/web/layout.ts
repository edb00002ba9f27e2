import { LANGUAGE_NAMES, LANGUAGES } from '../i18n/languages.ts';
import { TIME_STYLES, type Translator } from '../i18n/translator.ts';
import { PROBLEM_LEVELS, problemLevelLabelKey } from '../shared/status-vocabulary.ts';
import { fillHtml, type Html, html, raw } from './html.ts';
import { timeTag } from './time-tag.ts';

/** URLs of the hashed static assets. */
export type AssetUrls = { css: string; js: string; world: string };

/** What the page script needs to know about the page it enhances. */
export type LiveScope =
  | { page: 'home' }
  | { page: 'service'; slug: string }
  | { page: 'incident'; id: number };

/** A page for the shell: its title, description, path, body and what the script should follow. */
export type PageInput = {
  tr: Translator;
  title: string;
  description: string;
  /** The page's path and query, where the language switch returns to. */
  path: string;
  body: Html;
  assets: AssetUrls;
  live?: LiveScope;
  /** Shown as "Updated …" in the footer (ISO time). */
  updatedAt?: string;
  /** The site's absolute address (DOWNWATCH_PUBLIC_URL, no trailing slash): canonical and alternate links. */
  publicUrl?: string | undefined;
  /** Open Graph and Twitter card meta for pages people share (service and incident pages). */
  share?: boolean;
  /** Kept out of search engines, and no alternate-language links (pages reached by a personal link). */
  noindex?: boolean | undefined;
};

/** Applies the remembered theme before the first paint (no flash); tiny and dependency-free. */
const THEME_SCRIPT =
  "try{var t=localStorage.getItem('theme');if(t==='light'||t==='dark')document.documentElement.dataset.theme=t}catch(e){}";

/** The page's inline scripts, whose hashes the Content-Security-Policy allows (src/http/security-headers.ts). */
export const INLINE_SCRIPTS: readonly string[] = [THEME_SCRIPT];

const json = (v: unknown): string => JSON.stringify(v).replace(/</g, '\\u003c');

/** The page shell: head, header (home, language switch, theme toggle), main, footer. */
export function layout(p: PageInput): string {
  const { tr } = p;
  const config = {
    lang: tr.lang,
    live: p.live ?? null,
    timeStyles: TIME_STYLES,
    verdicts: Object.fromEntries(PROBLEM_LEVELS.map((l) => [l, tr.t(problemLevelLabelKey(l))])),
    text: {
      timesLocal: tr.t('site.timesLocal'),
      liveOn: tr.t('live.on'),
      liveOff: tr.t('live.off'),
      themeAuto: tr.t('theme.auto'),
      themeLight: tr.t('theme.light'),
      themeDark: tr.t('theme.dark'),
      sending: tr.t('report.sending'),
      thanks: tr.t('report.thanks'),
      rateLimited: tr.t('report.rateLimited'),
      invalid: tr.t('report.invalid'),
      unavailable: tr.t('report.unavailable'),
    },
  };
  const bare = p.path.split('?')[0] ?? '/';
  const base = p.publicUrl ?? '';
  const canonical = `${base}${bare}?lang=${tr.lang}`;
  const share = p.share
    ? html`<meta property="og:type" content="website">
<meta property="og:site_name" content="Downwatch">
<meta property="og:title" content="${p.title}">
<meta property="og:description" content="${p.description}">
<meta property="og:url" content="${canonical}">
<meta property="og:locale" content="${tr.lang}">
<meta property="og:image" content="${base}/favicon.svg">
<meta name="twitter:card" content="summary">
<meta name="twitter:title" content="${p.title}">
<meta name="twitter:description" content="${p.description}">
`
    : '';
  const doc = html`<!doctype html>
<html lang="${tr.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${p.title}</title>
<meta name="description" content="${p.description}">
${
  p.noindex
    ? html`<meta name="robots" content="noindex">\n`
    : html`<link rel="canonical" href="${canonical}">
${LANGUAGES.map((l) => html`<link rel="alternate" hreflang="${l}" href="${base}${bare}?lang=${l}">\n`)}<link rel="alternate" hreflang="x-default" href="${base}${bare}">
${share}`
}<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="manifest" href="/manifest.webmanifest">
<link rel="stylesheet" href="${p.assets.css}">
<script>${raw(THEME_SCRIPT)}</script>
<script type="application/json" id="dw-config">${raw(json(config))}</script>
<script src="${p.assets.js}" defer></script>
</head>
<body>
<a class="skip" href="#main">${tr.t('site.skip')}</a>
<header class="top">
  <div class="wrap top-row">
    <a class="brand" href="/"><svg class="logo" viewBox="0 0 24 24" aria-hidden="true"><path d="M3 13h4l2-6 4 12 2-6h6"/></svg>Downwatch</a>
    <div class="tools">
      <span class="live-dot" id="live" hidden aria-live="polite"></span>
      <form class="lang-form" action="/lang" method="get">
        <label for="lang-select" class="vh">${tr.t('lang.label')}</label>
        <select id="lang-select" name="lang">${LANGUAGES.map(
          (l) =>
            html`<option value="${l}" lang="${l}"${l === tr.lang ? raw(' selected') : ''}>${LANGUAGE_NAMES[l]}</option>`,
        )}</select>
        <input type="hidden" name="next" value="${p.path}">
        <button type="submit" class="lang-go">${tr.t('lang.change')}</button>
      </form>
      <button type="button" class="theme-toggle" id="theme-toggle" hidden aria-label="${tr.t('theme.auto')}" title="${tr.t('theme.auto')}"><svg viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="12" r="5"/><path d="M12 2v3M12 19v3M2 12h3M19 12h3"/></svg></button>
    </div>
  </div>
</header>
<main id="main" class="wrap">
${p.body}
</main>
<footer class="foot">
  <div class="wrap">
    <p>${tr.t('site.footer')} <span id="tz-note">${tr.t('site.timesUtc')}</span>${p.updatedAt ? html` <span>${fillHtml(tr.t('site.updated'), { time: timeTag(tr, p.updatedAt, 'time') })}</span>` : ''}</p>
    <p>${tr.t('site.source')} · <a href="/">${tr.t('site.home')}</a> · <a href="/api/v1/docs">${tr.t('site.api')}</a> · <small>Map: Natural Earth (world-atlas)</small></p>
  </div>
</footer>
</body>
</html>
`;
  return doc.value;
}
