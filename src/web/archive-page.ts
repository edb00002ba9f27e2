import type { Catalog } from '../catalog/catalog.ts';
import type { Translator } from '../i18n/translator.ts';
import type { ArchiveFilter } from '../incidents/archive-filter.ts';
import type { IncidentSummary } from '../incidents/incident-report.ts';
import { IMPACTS } from '../shared/status-vocabulary.ts';
import { type Html, html, raw } from './html.ts';
import { incidentTitle } from './incident-title.ts';
import { type AssetUrls, layout } from './layout.ts';
import { timeTag } from './time-tag.ts';

/** What the archive page is rendered from: the filters as asked, one page of incidents, the next page's cursor. */
export type ArchivePageInput = {
  tr: Translator;
  publicUrl?: string | undefined;
  catalog: Catalog;
  assets: AssetUrls;
  filter: ArchiveFilter;
  incidents: IncidentSummary[];
  next: string | null;
  path: string;
};

const selected = (on: boolean) => (on ? raw(' selected') : '');

const row = (tr: Translator, i: IncidentSummary): Html => {
  const end = i.resolvedAt
    ? ` · ${tr.duration((Date.parse(i.resolvedAt) - Date.parse(i.startedAt)) / 60_000)}`
    : ` · ${tr.t(`incident.status.${i.status}`)}`;
  return html`<li class="incident-card impact-${i.impact}">
  <a href="/incidents/${i.id}"><strong>${incidentTitle(tr, i)}</strong></a>
  <span class="pill impact-${i.impact}">${tr.t(`incident.impact.${i.impact}`)}</span>
  <span class="muted">${timeTag(tr, i.startedAt)}${end}</span>
</li>`;
};

/** The incident archive: a filter form that works without JavaScript, the matches newest first, "older" paging. */
export function archivePage(p: ArchivePageInput): string {
  const { tr, filter: f } = p;
  const services = [...p.catalog.services].sort((a, b) =>
    tr.service(a.slug).localeCompare(tr.service(b.slug), tr.lang),
  );
  const providers = [...p.catalog.providers].sort((a, b) => a.name.localeCompare(b.name, tr.lang));
  const keep = new URLSearchParams();
  for (const k of ['service', 'provider', 'from', 'to', 'severity'] as const) {
    const v = f[k];
    if (v) keep.set(k, v);
  }
  if (p.next) keep.set('after', p.next);
  const filtered = ['service', 'provider', 'from', 'to', 'severity'].some((k) => keep.has(k));
  const body = html`<h1>${tr.t('archive.title')}</h1>
<p class="muted">${tr.t('archive.intro')}</p>
<form class="card archive-filters" action="/incidents" method="get">
  <div><label for="f-service">${tr.t('archive.service')}</label>
  <select id="f-service" name="service"><option value="">${tr.t('archive.any')}</option>${services.map(
    (s) => html`<option value="${s.slug}"${selected(s.slug === f.service)}>${tr.service(s.slug)}</option>`,
  )}</select></div>
  <div><label for="f-provider">${tr.t('archive.provider')}</label>
  <select id="f-provider" name="provider"><option value="">${tr.t('archive.any')}</option>${providers.map(
    (x) => html`<option value="${x.slug}"${selected(x.slug === f.provider)}>${x.name}</option>`,
  )}</select></div>
  <div><label for="f-severity">${tr.t('archive.severity')}</label>
  <select id="f-severity" name="severity"><option value="">${tr.t('archive.any')}</option>${IMPACTS.map(
    (i) => html`<option value="${i}"${selected(i === f.severity)}>${tr.t(`incident.impact.${i}`)}</option>`,
  )}</select></div>
  <div><label for="f-from">${tr.t('archive.from')}</label><input type="date" id="f-from" name="from" value="${f.from ?? ''}"></div>
  <div><label for="f-to">${tr.t('archive.to')}</label><input type="date" id="f-to" name="to" value="${f.to ?? ''}"></div>
  <div class="archive-go"><button type="submit">${tr.t('archive.apply')}</button>${
    filtered ? html` <a href="/incidents">${tr.t('archive.clear')}</a>` : ''
  }</div>
</form>
${
  p.incidents.length
    ? html`<ul class="incidents">${p.incidents.map((i) => row(tr, i))}</ul>`
    : html`<p>${tr.t(filtered ? 'archive.noneMatch' : 'archive.none')}</p>`
}
<nav class="pager" aria-label="${tr.t('archive.pages')}">${
    f.after ? html`<a href="/incidents?${keepWithout(keep, 'after')}">${tr.t('archive.newest')}</a>` : ''
  }${p.next ? html` <a rel="next" href="/incidents?${keep.toString()}">${tr.t('archive.older')}</a>` : ''}</nav>`;
  return layout({
    tr,
    title: `${tr.t('archive.title')} — Downwatch`,
    description: tr.t('archive.intro'),
    path: p.path,
    publicUrl: p.publicUrl,
    body,
    assets: p.assets,
  });
}

const keepWithout = (q: URLSearchParams, key: string): string => {
  const c = new URLSearchParams(q);
  c.delete(key);
  return c.toString();
};
