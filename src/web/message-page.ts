import { html } from './html.ts';
import type { Translator } from './i18n/translator.ts';
import { type AssetUrls, layout } from './layout.ts';

/** A plain page with a heading and a sentence (not found, and the like). */
export const messagePage = (
  tr: Translator,
  assets: AssetUrls,
  heading: string,
  text: string,
  path: string,
): string =>
  layout({
    tr,
    title: `${heading} — Downwatch`,
    description: text,
    path,
    assets,
    body: html`<h1>${heading}</h1><p>${text}</p><p><a href="/">${tr.t('site.home')}</a></p>`,
  });
