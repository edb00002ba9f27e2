import type { Translator } from '../i18n/translator.ts';
import type { Verdict } from '../status/service-status.ts';
import { type Html, html } from './html.ts';

/** The verdict as text with its colour and shape (never colour alone); the live script updates it in place. */
export const verdictTag = (tr: Translator, v: Verdict, size: 'small' | 'large' = 'small'): Html =>
  html`<span class="verdict v-${v} verdict-${size}" data-verdict="${v}"><span class="vi" aria-hidden="true"></span><span class="vt">${tr.t(`verdict.${v}`)}</span></span>`;
