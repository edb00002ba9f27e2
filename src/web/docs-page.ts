import type { Translator } from '../i18n/translator.ts';
import { fillHtml, type Html, html } from './html.ts';
import { type AssetUrls, layout } from './layout.ts';

/** The parts of an OpenAPI 3.1 document the page shows (the server's document has this shape). */
export type ApiDocument = {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, ApiOperation>>;
};
/** One operation of the document. */
export type ApiOperation = {
  summary?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; description?: string | undefined }[];
  requestBody?: { content: Record<string, { schema?: unknown; example?: unknown }> };
  responses: Record<string, { description: string }>;
};

const pretty = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v, null, 2));

/** One operation, with the anchor the contents link to. */
type Entry = { id: string; path: string; method: string; op: ApiOperation };

const methodTag = (method: string): Html => html`<span class="m m-${method}">${method.toUpperCase()}</span>`;

/** The endpoints by tag, folded: a long page is found through it rather than by scrolling. */
function contents(tr: Translator, entries: Entry[]): Html {
  const byTag = new Map<string, Entry[]>();
  for (const e of entries) {
    const tag = e.op.tags?.[0] ?? '';
    byTag.set(tag, [...(byTag.get(tag) ?? []), e]);
  }
  return html`<details class="card api-toc">
<summary>${tr.t('docs.contents', { n: tr.n(entries.length) })}</summary>
${[...byTag].map(
  ([tag, list]) =>
    html`<h2 lang="en">${tag}</h2><ul>${list.map(
      (e) => html`<li><a href="#${e.id}">${methodTag(e.method)} <code>${e.path}</code></a></li>`,
    )}</ul>`,
)}
</details>`;
}

function operation(tr: Translator, { id, path, method, op }: Entry): Html {
  const params = op.parameters ?? [];
  const bodies = Object.entries(op.requestBody?.content ?? {});
  return html`<section class="card api-op" id="${id}" aria-label="${method.toUpperCase()} ${path}">
<h2>${methodTag(method)} <code>${path}</code></h2>
${op.summary ? html`<p lang="en">${op.summary}</p>` : ''}
${
  params.length > 0
    ? html`<h3>${tr.t('docs.parameters')}</h3><ul>${params.map(
        (p) =>
          html`<li><code>${p.name}</code> <small class="muted">${p.in}${p.required ? `, ${tr.t('docs.required')}` : ''}</small> <span lang="en">${p.description ?? ''}</span></li>`,
      )}</ul>`
    : ''
}
${bodies.map(
  ([type, c]) =>
    html`<h3>${tr.t('docs.body')} <code>${type}</code></h3>${
      c.example === undefined ? '' : html`<pre class="snippet">${pretty(c.example)}</pre>`
    }<details><summary>${tr.t('docs.schema')}</summary><pre class="snippet">${pretty(c.schema ?? {})}</pre></details>`,
)}
<h3>${tr.t('docs.responses')}</h3>
<ul>${Object.entries(op.responses).map(
    ([code, r]) => html`<li><code>${code}</code> <span lang="en">${r.description}</span></li>`,
  )}</ul>
</section>`;
}

/** A readable rendering of the OpenAPI document in the site's layout; the API's own texts stay English. */
export function docsPage(p: { tr: Translator; assets: AssetUrls; doc: ApiDocument; path: string }): string {
  const { tr, doc } = p;
  const entries = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op })),
  );
  const numbered: Entry[] = entries.map((e, i) => ({ ...e, id: `op-${i + 1}` }));
  const machine = '/api/v1/openapi.json';
  return layout({
    tr,
    title: `${doc.info.title} API`,
    description: doc.info.description ?? `${doc.info.title} API`,
    path: p.path,
    assets: p.assets,
    body: html`<h1>${doc.info.title} API <small class="muted">${doc.info.version}</small></h1>
${doc.info.description ? html`<p class="lede" lang="en">${doc.info.description}</p>` : ''}
<p>${fillHtml(tr.t('docs.machine'), { link: html`<a href="${machine}">${machine}</a>` })}</p>
${tr.lang === 'en' ? '' : html`<p class="muted">${tr.t('docs.english')}</p>`}
${contents(tr, numbered)}
${numbered.map((e) => operation(tr, e))}`,
  });
}
