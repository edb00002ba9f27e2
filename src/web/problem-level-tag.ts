import type { Translator } from '../i18n/translator.ts';
import { type ProblemLevel, problemLevelLabelKey } from '../shared/status-vocabulary.ts';
import { type Html, html } from './html.ts';

/**
 * The problem level as text with its colour and shape (never colour alone); the live script updates
 * it in place. The CSS classes and `data-verdict` keep their names: the stylesheet and script use them.
 */
export const problemLevelTag = (tr: Translator, v: ProblemLevel, size: 'small' | 'large' = 'small'): Html =>
  html`<span class="verdict v-${v} verdict-${size}" data-verdict="${v}"><span class="vi" aria-hidden="true"></span><span class="vt">${tr.t(problemLevelLabelKey(v))}</span></span>`;
