import type { Translator } from '../i18n/translator.ts';
import { type Html, html } from './html.ts';

/** A share of reports: key (problem or country), count and fraction. */
export type ShareRow = { key: string; reports: number; share: number };

/** Horizontal bars with the percentage and the count, readable without colour or JavaScript. */
export const shareBars = (tr: Translator, rows: ShareRow[], label: (key: string) => string): Html =>
  html`<ol class="bars">${rows.map(
    (r) => html`<li>
  <span class="bar-label">${label(r.key)}</span>
  <span class="bar-value">${tr.pct(r.share)} <small>(${tr.n(r.reports)})</small></span>
  <span class="bar-track" aria-hidden="true"><span class="bar-fill" style="width:${Math.max(1, Math.round(r.share * 100))}%"></span></span>
</li>`,
  )}</ol>`;
