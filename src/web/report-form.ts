import type { Service } from '../catalog/catalog.ts';
import type { Translator } from '../i18n/translator.ts';
import { type Html, html } from './html.ts';
import { postForm } from './post-form.ts';

/** What the page says above the form after a plain (no-JavaScript) submission. */
export type ReportNotice =
  | { kind: 'thanks'; problem: string }
  | { kind: 'error'; code: 'rate-limited' | 'invalid' | 'unavailable' };

const ERROR_KEY = {
  'rate-limited': 'report.rateLimited',
  invalid: 'report.invalid',
  unavailable: 'report.unavailable',
} as const;

/**
 * "I have a problem with …": one submit button per problem category. Without JavaScript it is a
 * plain form POST that answers 303 back to the page; the page script sends it to the JSON API instead.
 */
export function reportForm(
  tr: Translator,
  s: Service,
  notice: ReportNotice | undefined,
  formToken: string,
): Html {
  const message =
    notice?.kind === 'thanks'
      ? html`<p class="notice ok">${tr.t('report.thanks', { problem: tr.category(notice.problem, s.slug) })}</p>`
      : notice?.kind === 'error'
        ? html`<p class="notice bad">${tr.t(ERROR_KEY[notice.code])}</p>`
        : '';
  return html`<section class="card report" aria-labelledby="report-h">
  <h2 id="report-h">${tr.t('report.heading', { name: tr.service(s.slug) })}</h2>
  <p>${tr.t('report.prompt')}</p>
  <div id="report-notice" role="status" aria-live="polite">${message}</div>
  ${postForm({
    action: `/status/${s.slug}/report`,
    className: 'report-form',
    data: { slug: s.slug },
    hidden: { lang: tr.lang, token: formToken },
    body: html`<div class="problem-buttons">${s.categories.map(
      (c) => html`<button type="submit" name="problem" value="${c.id}">${tr.category(c.id, s.slug)}</button>`,
    )}</div>`,
  })}
  <p class="muted small">${tr.t('report.privacy')}</p>
</section>`;
}
