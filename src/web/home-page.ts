import type { Catalog } from '../catalog/catalog.ts';
import type { Translator } from '../i18n/translator.ts';
import type { IncidentSummary } from '../incidents/incident-report.ts';
import { problemLevelRank } from '../shared/status-vocabulary.ts';
import type { ServiceStatus, StatusModel } from '../status/service-status.ts';
import { type Html, html } from './html.ts';
import { incidentTitle } from './incident-title.ts';
import { type AssetUrls, layout } from './layout.ts';
import { problemLevelTag } from './problem-level-tag.ts';
import { searchServices } from './search.ts';
import { timeTag } from './time-tag.ts';

/** One open incident as a card: title, status, start, services. */
export function incidentCard(tr: Translator, i: IncidentSummary): Html {
  const services = i.services.filter((s) => s.recoveredAt === null).map((s) => tr.service(s.service));
  return html`<li class="incident-card impact-${i.impact}">
  <a href="/incidents/${i.id}"><strong>${incidentTitle(tr, i)}</strong></a>
  <span class="pill">${tr.t(`incident.status.${i.status}`)}</span>
  <span class="muted">${tr.t('incident.started')}: ${timeTag(tr, i.startedAt, 'short')} · ${services.join(', ')}</span>
</li>`;
}

const serviceItem = (tr: Translator, s: ServiceStatus): Html =>
  html`<li class="svc" data-slug="${s.slug}"><a href="/status/${s.slug}">
  <span class="svc-name">${tr.service(s.slug)}</span>
  ${problemLevelTag(tr, s.verdict)}
  <span class="svc-count"><span class="num" data-count="reports15m">${tr.n(s.reports15m)}</span><span class="vh"> ${tr.t('home.reports15m')}</span></span>
</a></li>`;

/** What the home page is rendered from. */
export type HomeInput = {
  tr: Translator;
  /** The site's absolute address, for canonical, alternate and share links. */
  publicUrl?: string | undefined;
  catalog: Catalog;
  model: StatusModel;
  assets: AssetUrls;
  query: string;
  path: string;
};

/** The home page: search, current incidents first, then every service grouped by provider. */
export function homePage(p: HomeInput): string {
  const { tr, model } = p;
  const matches = p.query ? searchServices(p.catalog, p.query) : undefined;
  const shown = model.summary.services.filter((s) => !matches || matches.has(s.slug));
  const groups = new Map<string, ServiceStatus[]>();
  for (const s of shown) groups.set(s.provider, [...(groups.get(s.provider) ?? []), s]);
  const worst = (list: ServiceStatus[]) => Math.max(...list.map((s) => problemLevelRank(s.verdict)));
  const ordered = [...groups].sort(
    ([a, la], [b, lb]) => worst(lb) - worst(la) || tr.provider(a).localeCompare(tr.provider(b), tr.lang),
  );
  const troubled = model.summary.services.filter((s) => s.verdict !== 'no_problems').length;
  const incidents = model.summary.incidents;
  const body = html`<section class="hero">
  <h1>${tr.t('home.title')}</h1>
  <p class="lede">${tr.t('site.tagline')}</p>
  <form class="search" action="/" method="get" role="search">
    <label for="q">${tr.t('home.searchLabel')}</label>
    <div class="search-row">
      <input id="q" name="q" type="search" value="${p.query}" placeholder="${tr.t('home.searchPlaceholder')}" autocomplete="off">
      <button type="submit">${tr.t('home.searchButton')}</button>
    </div>
  </form>
</section>
<section aria-labelledby="incidents-h" id="incidents" data-live-region>
  <h2 id="incidents-h">${tr.t('home.incidents')}</h2>
  ${
    incidents.length > 0
      ? html`<ul class="incidents">${incidents.map((i) => incidentCard(tr, i))}</ul>`
      : html`<p class="calm">${tr.t('home.noIncidents')}</p>`
  }
  <p class="muted">${tr.t('home.problemsNow', { n: tr.n(troubled) })}</p>
</section>
<section aria-labelledby="services-h">
  <h2 id="services-h">${
    matches ? tr.t('home.results', { q: p.query, n: tr.n(shown.length) }) : tr.t('home.services')
  }</h2>
  ${matches && shown.length === 0 ? html`<p>${tr.t('home.noResults', { q: p.query })}</p>` : ''}
  ${matches ? html`<p><a href="/">${tr.t('home.showAll')}</a></p>` : ''}
  <div class="groups">${ordered.map(
    ([provider, list]) => html`<section class="group" aria-label="${tr.provider(provider)}">
    <h3>${tr.provider(provider)}</h3>
    <ul class="svcs">${list.map((s) => serviceItem(tr, s))}</ul>
  </section>`,
  )}</div>
</section>`;
  return layout({
    tr,
    title: `Downwatch — ${tr.t('home.title')}`,
    description: tr.t('site.tagline'),
    path: p.path,
    publicUrl: p.publicUrl,
    body,
    assets: p.assets,
    live: { page: 'home' },
    updatedAt: model.summary.updatedAt,
  });
}
