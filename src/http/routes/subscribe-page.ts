import { escapeHtml as e } from '../../alerts/escape.ts';
import { ALERT_LANGUAGES, type AlertLanguage, type Texts } from '../../alerts/i18n/texts.ts';
import type { Catalog } from '../../catalog/catalog.ts';

const LANGUAGE_NAMES: Record<AlertLanguage, string> = {
  en: 'English',
  id: 'Bahasa Indonesia',
  hi: 'हिन्दी',
  vi: 'Tiếng Việt',
};

/** The subscription pages' frame: small, self-contained, no script, readable at 360 px, light or dark. */
export function frame(tx: Texts, title: string, body: string): string {
  return `<!doctype html>
<html lang="${tx.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${e(title)} · Downwatch</title>
<style>
:root{color-scheme:light dark;font-family:system-ui,sans-serif;line-height:1.5}
body{max-width:36rem;margin:2rem auto;padding:0 1rem}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
input,select,button{font:inherit;padding:.5rem;max-width:100%;box-sizing:border-box}
input,select{width:100%}
button{margin-top:1.25rem;padding:.5rem 1.25rem;cursor:pointer}
:focus-visible{outline:3px solid #0969da;outline-offset:2px}
.error{border-left:4px solid #cf222e;padding-left:.75rem}
nav a{margin-right:.75rem}
</style>
</head>
<body>
<nav aria-label="Downwatch"><a href="/">Downwatch</a></nav>
<main>
<h1>${e(title)}</h1>
${body}
</main>
</body>
</html>
`;
}

/** A notice page (sent, confirmed, unsubscribed, invalid link). */
export const messagePage = (tx: Texts, title: string, text: string, error = false): string =>
  frame(tx, title, `<p${error ? ' class="error" role="alert"' : ''}>${e(text)}</p>`);

const option = (value: string, label: string, selected: string | undefined) =>
  `<option value="${e(value)}"${value === selected ? ' selected' : ''}>${e(label)}</option>`;

/** The form: email, what to follow (service, provider, category or all), minimum severity, language. */
export function subscribeForm(
  tx: Texts,
  catalog: Catalog,
  o: { enabled: boolean; scope?: string | undefined; email?: string; error?: string },
): string {
  if (!o.enabled) return messagePage(tx, tx.t('page.title'), tx.t('error.emailDisabled'), true);
  const services = [...catalog.services].sort((a, b) => tx.service(a.slug).localeCompare(tx.service(b.slug)));
  const providers = [...catalog.providers].sort((a, b) => a.name.localeCompare(b.name));
  const categories = [...catalog.categories.keys()].sort((a, b) =>
    tx.category(a).localeCompare(tx.category(b)),
  );
  const body = `
<p>${e(tx.t('page.intro'))}</p>
${o.error ? `<p class="error" role="alert">${e(o.error)}</p>` : ''}
<form method="post" action="/subscribe">
<label for="email">${e(tx.t('field.email'))}</label>
<input id="email" name="email" type="email" required autocomplete="email" maxlength="254" value="${e(o.email ?? '')}">
<label for="scope">${e(tx.t('field.scope'))}</label>
<select id="scope" name="scope">
${option('all', tx.t('field.all'), o.scope)}
<optgroup label="${e(tx.t('field.provider'))}">${providers.map((p) => option(`provider:${p.slug}`, p.name, o.scope)).join('')}</optgroup>
<optgroup label="${e(tx.t('field.service'))}">${services.map((s) => option(`service:${s.slug}`, tx.service(s.slug), o.scope)).join('')}</optgroup>
<optgroup label="${e(tx.t('field.category'))}">${categories.map((c) => option(`category:${c}`, tx.category(c), o.scope)).join('')}</optgroup>
</select>
<label for="minSeverity">${e(tx.t('field.severity'))}</label>
<select id="minSeverity" name="minSeverity">
${(['minor', 'major', 'critical'] as const).map((s) => option(s, tx.t(`severity.${s}`), 'minor')).join('')}
</select>
<label for="language">${e(tx.t('field.language'))}</label>
<select id="language" name="language">
${ALERT_LANGUAGES.map((l) => option(l, LANGUAGE_NAMES[l], tx.lang)).join('')}
</select>
<button type="submit">${e(tx.t('field.submit'))}</button>
</form>`;
  return frame(tx, tx.t('page.title'), body);
}

/** "Stop the alerts about … sent to …?" with a button: a GET never unsubscribes (mail scanners follow links). */
export function unsubscribeForm(tx: Texts, token: string, scope: string, target: string): string {
  return frame(
    tx,
    tx.t('unsubscribe.title'),
    `<p>${e(tx.t('unsubscribe.question', { scope, target }))}</p>
<form method="post" action="/subscribe/unsubscribe?token=${e(encodeURIComponent(token))}">
<button type="submit">${e(tx.t('unsubscribe.button'))}</button>
</form>`,
  );
}
