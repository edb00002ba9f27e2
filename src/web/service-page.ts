import type { Service } from '../catalog/catalog.ts';
import type { Translator } from '../i18n/translator.ts';
import type { IncidentReport, IncidentSummary } from '../incidents/incident-report.ts';
import { problemLevelLabelKey } from '../shared/status-vocabulary.ts';
import type { ServiceDetail } from '../status/service-status.ts';
import { reportsChart, usualRange } from './chart.ts';
import { fillHtml, type Html, html, raw } from './html.ts';
import { incidentTimeline } from './incident-timeline.ts';
import { incidentTitle } from './incident-title.ts';
import { type AssetUrls, layout } from './layout.ts';
import { type MapAsset, worldMap } from './map/world-map.ts';
import { problemLevelTag } from './problem-level-tag.ts';
import { type ReportNotice, reportForm } from './report-form.ts';
import { shareBars } from './share-bars.ts';
import { timeTag } from './time-tag.ts';

const STEP = 15 * 60_000;

/** What a service page is rendered from. */
export type ServicePageInput = {
  tr: Translator;
  /** The site's absolute address, for canonical, alternate and share links. */
  publicUrl?: string | undefined;
  service: Service;
  detail: ServiceDetail;
  assets: AssetUrls;
  map: MapAsset;
  notice: ReportNotice | undefined;
  /** The report form's anti-forgery token (src/http/form-guard.ts). */
  formToken: string;
  path: string;
  updatedAt: string;
};

function chart(tr: Translator, d: ServiceDetail): string {
  const points = d.series.map((p) => ({ t: Date.parse(p.t), reports: p.reports, expected: p.expected }));
  const last = points.at(-1);
  const peak = points.reduce((a, b) => (b.reports > a.reports ? b : a), points[0] ?? { t: 0, reports: 0 });
  const label = tr.t('chart.summary', {
    n: tr.n(last?.reports ?? 0),
    e: tr.n(Math.round(usualRange(last?.expected ?? 0)[1])),
    max: tr.n(peak.reports),
    time: tr.time(peak.t, 'time'),
  });
  return reportsChart(points, { tr, stepMs: STEP, label });
}

const currentIncident = (tr: Translator, r: IncidentReport): Html =>
  html`<section class="card incident-now" aria-labelledby="current-h">
  <h2 id="current-h">${tr.t('incident.current')}: <a href="/incidents/${r.incident.id}">${incidentTitle(tr, r.incident)}</a></h2>
  <p><span class="pill">${tr.t(`incident.status.${r.incident.status}`)}</span>
    ${tr.t('incident.started')}: ${timeTag(tr, r.incident.startedAt)} ·
    ${tr.t('incident.peak')}: ${fillHtml(tr.plural('incident.peakValue', r.incident.peakRate), { rate: tr.n(r.incident.peakRate), time: timeTag(tr, r.incident.peakAt, 'time') })}</p>
  ${incidentTimeline(tr, r.timeline)}
  <p><a href="/incidents/${r.incident.id}">${tr.t('incident.details')} →</a></p>
</section>`;

const pastIncidents = (tr: Translator, list: IncidentSummary[]): Html =>
  list.length === 0
    ? html`<p class="muted">${tr.t('incident.noPast')}</p>`
    : html`<ul class="past">${list.map(
        (i) => html`<li><a href="/incidents/${i.id}">${incidentTitle(tr, i)}</a>
  <span class="muted small">${timeTag(tr, i.startedAt)} · ${tr.t(`incident.status.${i.status}`)}${
    i.resolvedAt ? ` · ${tr.duration((Date.parse(i.resolvedAt) - Date.parse(i.startedAt)) / 60_000)}` : ''
  }</span></li>`,
      )}</ul>`;

/** A service page: the verdict at a glance, the report form, the 24-hour chart, problems, map, incidents, badge. */
export function servicePage(p: ServicePageInput): string {
  const { tr, detail: d, service: s } = p;
  const st = d.status;
  const name = tr.service(s.slug);
  const count = (k: 'reports15m' | 'reports24h', v: number) =>
    html`<span class="num" data-count="${k}">${tr.n(v)}</span>`;
  const body = html`<section class="status-head" id="status-head" data-live-region>
  <p class="muted">${tr.t('service.provider', { provider: tr.provider(s.provider) })} · <a href="${s.website}" rel="noopener">${tr.t('service.website')}</a></p>
  <h1>${tr.t('service.question', { name })}</h1>
  <div class="big-verdict" data-slug="${s.slug}">${problemLevelTag(tr, st.verdict, 'large')}</div>
  <p class="summary">${fillHtml(tr.plural('service.summary', st.reports15m), {
    n: count('reports15m', st.reports15m),
    e: tr.n(Math.round(st.expectedPerMinute * 15)),
  })} ${fillHtml(tr.plural('service.day', st.reports24h), { n: count('reports24h', st.reports24h) })}</p>
  ${st.learning ? html`<p class="muted small" data-learning>${tr.t('service.learning', { n: tr.n(st.learning.hours), m: tr.n(st.learning.of) })}</p>` : ''}
</section>
${reportForm(tr, s, p.notice, p.formToken)}
<div class="grid">
  <section class="card wide" aria-labelledby="chart-h" id="chart" data-live-region>
    <h2 id="chart-h">${tr.t('chart.heading')}</h2>
    ${raw(chart(tr, d))}
    <p class="legend"><span class="key key-bar"></span>${tr.t('chart.reports')} <span class="key key-band"></span>${tr.t('chart.usual')}</p>
  </section>
  <section class="card" aria-labelledby="problems-h" id="problems" data-live-region>
    <h2 id="problems-h">${tr.t('problems.heading')}</h2>
    ${st.topProblems.length > 0 ? shareBars(tr, st.topProblems, (k) => tr.category(k, s.slug)) : html`<p class="muted">${tr.t('problems.none')}</p>`}
  </section>
  <section class="card" aria-labelledby="map-h" id="map" data-live-region>
    <h2 id="map-h">${tr.t('map.heading')}</h2>
    ${worldMap(tr, st.topCountries, p.map)}
    ${st.topCountries.length > 0 ? shareBars(tr, st.topCountries.slice(0, 5), (k) => tr.country(k)) : ''}
  </section>
</div>
<div id="incident" data-live-region>${d.current ? currentIncident(tr, d.current) : ''}</div>
<section class="card" aria-labelledby="past-h" id="past" data-live-region>
  <h2 id="past-h">${tr.t('incident.past')}</h2>
  ${pastIncidents(
    tr,
    d.incidents.filter((i) => i.id !== d.current?.incident.id),
  )}
</section>
<section class="card" aria-labelledby="badge-h">
  <h2 id="badge-h">${tr.t('badge.heading')}</h2>
  <p>${tr.t('badge.help')}</p>
  <p><img src="/badge/${s.slug}.svg?lang=${tr.lang}" alt="${name}: ${tr.t(problemLevelLabelKey(st.verdict))}" height="20"></p>
  <pre class="snippet"><code data-origin>&lt;img src="/badge/${s.slug}.svg" alt="${name} status"&gt;</code></pre>
</section>`;
  return layout({
    tr,
    title: `${tr.t('service.pageTitle', { name })} — Downwatch`,
    description: `${tr.t('service.question', { name })} ${tr.t(problemLevelLabelKey(st.verdict))}.`,
    path: p.path,
    publicUrl: p.publicUrl,
    share: true,
    body,
    assets: p.assets,
    live: { page: 'service', slug: s.slug },
    updatedAt: p.updatedAt,
  });
}
