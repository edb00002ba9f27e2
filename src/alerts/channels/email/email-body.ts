import { escapeHtml } from '../../../shared/escape-html.ts';
import { type AlertMessage, plainText } from '../../message.ts';

const COLOR = { minor: '#9a6700', major: '#bc4c00', critical: '#cf222e', resolved: '#1a7f37' } as const;

/** An email's two parts. */
export type MailContent = { subject: string; text: string; html: string; lang: string };

/** A small HTML document: inline styles only (mail clients drop stylesheets), the text part says the same. */
export function alertEmail(m: AlertMessage): MailContent {
  const color = COLOR[m.kind === 'resolved' ? 'resolved' : (m.severity ?? 'minor')];
  const html = `<!doctype html>
<html lang="${m.lang}"><head><meta charset="utf-8"><title>${escapeHtml(m.subject)}</title></head>
<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1f2328;max-width:40em">
<h1 style="font-size:1.25em;border-left:6px solid ${color};padding-left:.5em">${escapeHtml(m.subject)}</h1>
<ul>${m.lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>
<h2 style="font-size:1em">${escapeHtml(m.labels.services)}</h2>
<ul>${m.services.map((s) => `<li><strong>${escapeHtml(s.name)}</strong>: ${escapeHtml(s.state)}</li>`).join('')}</ul>
<p>${escapeHtml(m.labels.started)}: ${escapeHtml(m.started)}</p>
<p><a href="${escapeHtml(m.url)}">${escapeHtml(m.labels.details)}</a></p>
<hr><p style="font-size:.85em;color:#59636e">${escapeHtml(m.labels.why)}
<a href="${escapeHtml(m.unsubscribeUrl)}">${escapeHtml(m.labels.unsubscribe)}</a></p>
</body></html>`;
  return { subject: m.subject, text: plainText(m), html, lang: m.lang };
}

/** The double opt-in email: why it came, the confirmation link, and what happens if ignored. */
export function confirmationEmail(c: {
  lang: string;
  subject: string;
  body: string;
  action: string;
  url: string;
}): MailContent {
  const html = `<!doctype html>
<html lang="${c.lang}"><head><meta charset="utf-8"><title>${escapeHtml(c.subject)}</title></head>
<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1f2328;max-width:40em">
<p>${escapeHtml(c.body)}</p>
<p><a href="${escapeHtml(c.url)}" style="display:inline-block;padding:.5em 1em;background:#0969da;color:#fff;text-decoration:none;border-radius:6px">${escapeHtml(c.action)}</a></p>
<p style="font-size:.85em;color:#59636e">${escapeHtml(c.url)}</p>
</body></html>`;
  return { subject: c.subject, text: `${c.body}\n\n${c.action}: ${c.url}\n`, html, lang: c.lang };
}
