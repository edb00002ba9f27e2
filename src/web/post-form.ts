import { type Html, html } from './html.ts';

/** A form that changes something: where it posts, what it shows, what it carries back unseen. */
export type PostFormInput = {
  action: string;
  body: Html;
  /** Hidden fields posted back with the form (a language, an anti-forgery token, …). */
  hidden?: Readonly<Record<string, string>> | undefined;
  className?: string;
  /** `data-*` attributes for the page script. */
  data?: Readonly<Record<string, string>>;
};

/**
 * Every form of the site that changes state goes through here, so what each must carry (hidden
 * fields such as an anti-forgery token) is added in one place.
 */
export const postForm = (p: PostFormInput): Html =>
  html`<form method="post" action="${p.action}"${p.className ? html` class="${p.className}"` : ''}${Object.entries(
    p.data ?? {},
  ).map(([k, v]) => html` data-${k}="${v}"`)}>${Object.entries(p.hidden ?? {}).map(
    ([name, value]) => html`\n<input type="hidden" name="${name}" value="${value}">`,
  )}
${p.body}
</form>`;
