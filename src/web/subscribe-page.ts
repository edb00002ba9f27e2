import { scopeText } from '../alerts/scope-text.ts';
import type { Scope } from '../alerts/types.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { LANGUAGE_NAMES, LANGUAGES } from '../i18n/languages.ts';
import type { Translator } from '../i18n/translator.ts';
import { Severity, severityLabelKey } from '../shared/status-vocabulary.ts';
import { type Html, html } from './html.ts';
import { type AssetUrls, layout } from './layout.ts';
import { messagePage } from './message-page.ts';
import { postForm } from './post-form.ts';

/** What every subscription page knows: the reader's language, the assets, where the switch returns. */
export type SubscriptionPageBase = {
  tr: Translator;
  assets: AssetUrls;
  path: string;
  /** Hidden fields each form posts back (for an anti-forgery token). */
  hidden?: Readonly<Record<string, string>> | undefined;
};

const option = (value: string, label: string, selected: string | undefined): Html =>
  html`<option value="${value}"${value === selected ? html` selected` : ''}>${label}</option>`;

/** A subscription page in the site's layout, kept out of search engines. */
const page = (p: SubscriptionPageBase, heading: string, description: string, body: Html): string =>
  layout({
    tr: p.tr,
    title: `${heading} — Downwatch`,
    description,
    path: p.path,
    assets: p.assets,
    noindex: true,
    body: html`<div class="narrow"><h1>${heading}</h1>
${body}</div>`,
  });

/** The sign-up form, with what was entered and what was wrong when it comes back. */
export type SubscribeFormInput = SubscriptionPageBase & {
  catalog: Catalog;
  /** False when the server sends no email: the page says so instead of showing the form. */
  enabled: boolean;
  /** The chosen scope: "all", "service:x", "provider:x" or "category:x". */
  scope?: string | undefined;
  email?: string | undefined;
  error?: string | undefined;
};

/** The form: email, what to follow (service, provider, category or all), minimum severity, language. */
export function subscribePage(p: SubscribeFormInput): string {
  const { tr, catalog } = p;
  if (!p.enabled)
    return messagePage({
      tr,
      assets: p.assets,
      heading: tr.t('page.title'),
      text: tr.t('error.emailDisabled'),
      path: p.path,
      error: true,
      noindex: true,
    });
  const byName = (a: string, b: string) => a.localeCompare(b, tr.lang);
  const services = [...catalog.services].sort((a, b) => byName(tr.service(a.slug), tr.service(b.slug)));
  const providers = [...catalog.providers].sort((a, b) => byName(a.name, b.name));
  const categories = [...catalog.categories.keys()].sort((a, b) => byName(tr.category(a), tr.category(b)));
  const form = postForm({
    action: '/subscribe',
    className: 'card fields',
    hidden: p.hidden,
    body: html`<label for="email">${tr.t('field.email')}</label>
<input id="email" name="email" type="email" required autocomplete="email" maxlength="254" value="${p.email ?? ''}">
<label for="scope">${tr.t('field.scope')}</label>
<select id="scope" name="scope">
${option('all', tr.t('field.all'), p.scope)}
<optgroup label="${tr.t('field.provider')}">${providers.map((x) => option(`provider:${x.slug}`, x.name, p.scope))}</optgroup>
<optgroup label="${tr.t('field.service')}">${services.map((s) => option(`service:${s.slug}`, tr.service(s.slug), p.scope))}</optgroup>
<optgroup label="${tr.t('field.category')}">${categories.map((c) => option(`category:${c}`, tr.category(c), p.scope))}</optgroup>
</select>
<label for="minSeverity">${tr.t('field.severity')}</label>
<select id="minSeverity" name="minSeverity">
${Severity.options.map((s) => option(s, tr.t(severityLabelKey(s)), 'minor'))}
</select>
<label for="language">${tr.t('field.language')}</label>
<select id="language" name="language">
${LANGUAGES.map((l) => option(l, LANGUAGE_NAMES[l], tr.lang))}
</select>
<button type="submit" class="primary">${tr.t('field.submit')}</button>`,
  });
  return page(
    p,
    tr.t('page.title'),
    tr.t('page.intro'),
    html`<p class="lede">${tr.t('page.intro')}</p>
${p.error ? html`<p class="notice bad" role="alert">${p.error}</p>` : ''}
${form}`,
  );
}

/** "Stop the alerts about … sent to …?" with a button: a GET never unsubscribes (mail scanners follow links). */
export function unsubscribePage(
  p: SubscriptionPageBase & { token: string; scope: Scope; target: string },
): string {
  const { tr } = p;
  const question = tr.t('unsubscribe.question', { scope: scopeText(tr, p.scope), target: p.target });
  return page(
    p,
    tr.t('unsubscribe.title'),
    question,
    html`<p>${question}</p>
${postForm({
  action: `/subscribe/unsubscribe?token=${encodeURIComponent(p.token)}`,
  hidden: p.hidden,
  body: html`<button type="submit" class="primary">${tr.t('unsubscribe.button')}</button>`,
})}`,
  );
}

/**
 * "Confirm your Downwatch alerts for …?" with a button: following the emailed link only asks, so a
 * mail scanner that fetches every link (GET or HEAD) subscribes nobody.
 */
export function confirmPage(p: SubscriptionPageBase & { token: string; scope: Scope }): string {
  const { tr } = p;
  const question = tr.t('confirm.subject', { scope: scopeText(tr, p.scope) });
  return page(
    p,
    tr.t('page.title'),
    question,
    html`<p>${question}</p>
${postForm({
  action: '/subscribe/confirm',
  hidden: { ...p.hidden, token: p.token },
  body: html`<button type="submit" class="primary">${tr.t('confirm.action')}</button>`,
})}`,
  );
}

/** A notice of the subscription flow, kept out of search engines. */
const notice = (p: SubscriptionPageBase, heading: string, text: string, error = false): string =>
  messagePage({ tr: p.tr, assets: p.assets, heading, text, path: p.path, error, noindex: true });

/** After signing up: the confirmation link is on its way to `email`. */
export const sentPage = (p: SubscriptionPageBase & { email: string }): string =>
  notice(p, p.tr.t('sent.title'), p.tr.t('sent.body', { email: p.email }));

/** After the confirmation link: alerts about `scope` will come. */
export const confirmedPage = (p: SubscriptionPageBase & { scope: Scope }): string =>
  notice(p, p.tr.t('confirmed.title'), p.tr.t('confirmed.body', { scope: scopeText(p.tr, p.scope) }));

/** After unsubscribing (or for a subscription already ended). */
export const unsubscribedPage = (p: SubscriptionPageBase): string =>
  notice(p, p.tr.t('unsubscribe.title'), p.tr.t('unsubscribe.done'));

/** A confirmation or unsubscribe link that is unknown or already used. */
export const invalidLinkPage = (p: SubscriptionPageBase & { flow: 'confirm' | 'unsubscribe' }): string =>
  notice(
    p,
    p.tr.t(p.flow === 'confirm' ? 'page.title' : 'unsubscribe.title'),
    p.tr.t('error.invalidLink'),
    true,
  );
