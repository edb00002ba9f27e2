import type { Translator } from '../i18n/translator.ts';
import { html } from './html.ts';
import { type AssetUrls, layout } from './layout.ts';

/** A page that says one thing: not found, a link that no longer works, "check your inbox", … */
export type MessageInput = {
  tr: Translator;
  assets: AssetUrls;
  heading: string;
  text: string;
  /** Where the language switch returns to. */
  path: string;
  /** Says that something went wrong (announced to screen readers at once). */
  error?: boolean;
  /** Kept out of search engines (pages reached through a personal link). */
  noindex?: boolean;
};

/** A plain page with a heading, a sentence and the way back to every service. */
export const messagePage = (p: MessageInput): string =>
  layout({
    tr: p.tr,
    title: `${p.heading} — Downwatch`,
    description: p.text,
    path: p.path,
    assets: p.assets,
    noindex: p.noindex,
    body: html`<h1>${p.heading}</h1>${
      p.error ? html`<p class="notice bad" role="alert">${p.text}</p>` : html`<p>${p.text}</p>`
    }<p><a href="/">${p.tr.t('site.home')}</a></p>`,
  });
