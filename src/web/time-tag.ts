import type { TimeStyle, Translator } from '../i18n/translator.ts';
import { type Html, html } from './html.ts';

/** A `<time>` in UTC that the page script re-formats in the reader's own time zone. */
export const timeTag = (tr: Translator, t: number | string, style: TimeStyle = 'datetime'): Html => {
  const iso = new Date(t).toISOString();
  return html`<time datetime="${iso}" data-fmt="${style}">${tr.time(iso, style)}</time>`;
};
