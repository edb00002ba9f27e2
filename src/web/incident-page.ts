import type { Translator } from '../i18n/translator.ts';
import type { IncidentData } from '../incidents/incident-data.ts';
import { type ChartPoint, reportsChart } from './chart.ts';
import { fillHtml, type Html, html, raw } from './html.ts';
import { incidentTimeline } from './incident-timeline.ts';
import { incidentTitle } from './incident-title.ts';
import { type AssetUrls, layout } from './layout.ts';
import { type MapAsset, worldMap } from './map/world-map.ts';
import { shareBars } from './share-bars.ts';
import { timeTag } from './time-tag.ts';

/** The incident's series as chart points. */
export const incidentPoints = (d: IncidentData): ChartPoint[] =>
  d.series.points.map((p) => ({ t: Date.parse(p.t), reports: p.reports, expected: p.expected }));

/** The incident chart, inline or as a standalone SVG file. */
export function incidentChart(tr: Translator, d: IncidentData, standalone = false): string {
  const step = tr.duration(d.series.stepMinutes);
  const i = d.report.incident;
  return reportsChart(incidentPoints(d), {
    tr,
    stepMs: d.series.stepMinutes * 60_000,
    label: `${incidentTitle(tr, i)} — ${tr.t('chart.perStep', { step })}`,
    standalone,
  });
}

const facts = (tr: Translator, d: IncidentData): Html => {
  const i = d.report.incident;
  return html`<dl class="facts">
  <div><dt>${tr.t('incident.started')}</dt><dd>${timeTag(tr, i.startedAt)}</dd></div>
  <div><dt>${tr.t('incident.detected')}</dt><dd>${timeTag(tr, i.detectedAt)}</dd></div>
  <div><dt>${tr.t('incident.peak')}</dt><dd>${fillHtml(tr.plural('incident.peakValue', i.peakRate), { rate: tr.n(i.peakRate), time: timeTag(tr, i.peakAt, 'time') })}</dd></div>
  <div><dt>${tr.t('incident.ended')}</dt><dd>${i.resolvedAt ? timeTag(tr, i.resolvedAt) : tr.t('incident.ongoing')}</dd></div>
  <div><dt>${tr.t('incident.duration')}</dt><dd>${tr.duration(d.report.durationMinutes)}</dd></div>
  <div><dt>${tr.t('incident.totals')}</dt><dd>${tr.n(d.report.totals.reports)}</dd></div>
</dl>`;
};

const servicesTable = (tr: Translator, d: IncidentData): Html =>
  html`<div class="table-wrap"><table>
  <thead><tr><th scope="col">${tr.t('incident.service')}</th><th scope="col" class="r">${tr.t('incident.reports')}</th><th scope="col">${tr.t('incident.started')}</th><th scope="col">${tr.t('incident.recovered')}</th></tr></thead>
  <tbody>${d.report.incident.services.map(
    (s) => html`<tr><th scope="row"><a href="/status/${s.service}">${tr.service(s.service)}</a></th>
    <td class="r">${tr.n(d.report.totals.byService[s.service] ?? 0)}</td>
    <td>${timeTag(tr, s.startedAt, 'short')}</td>
    <td>${s.recoveredAt ? timeTag(tr, s.recoveredAt, 'short') : '—'}</td></tr>`,
  )}</tbody>
</table></div>`;

const dataTable = (tr: Translator, d: IncidentData): Html =>
  html`<details><summary>${tr.t('chart.table')}</summary><div class="table-wrap"><table class="small">
  <thead><tr><th scope="col">${tr.t('chart.time')}</th><th scope="col" class="r">${tr.t('chart.reports')}</th></tr></thead>
  <tbody>${d.series.points
    .filter((p) => p.reports > 0)
    .map(
      (p) => html`<tr><td>${timeTag(tr, p.t, 'short')}</td><td class="r">${tr.n(p.reports)}</td></tr>`,
    )}</tbody>
</table></div></details>`;

/** What an incident page is rendered from. */
export type IncidentPageInput = {
  tr: Translator;
  /** The site's absolute address, for canonical, alternate and share links. */
  publicUrl?: string | undefined;
  /** The incidents just before and after this one by start, for prev/next links. */
  neighbours?: { older: number | null; newer: number | null } | undefined;
  data: IncidentData;
  assets: AssetUrls;
  map: MapAsset;
  path: string;
};

/** The citable incident report: facts, chart, services, problems, countries, timeline, downloads. */
export function incidentPage(p: IncidentPageInput): string {
  const { tr, data: d } = p;
  const i = d.report.incident;
  const title = tr.t('incident.pageTitle', { id: i.id, title: incidentTitle(tr, i) });
  const base = `/incidents/${i.id}`;
  const body = html`<article class="incident" id="incident-report" data-live-region>
  <p><a href="/">← ${tr.t('site.home')}</a></p>
  <h1>${title}</h1>
  <p><span class="pill">${tr.t(`incident.status.${i.status}`)}</span> <span class="pill impact-${i.impact}">${tr.t('incident.impact')}: ${tr.t(`incident.impact.${i.impact}`)}</span></p>
  ${facts(tr, d)}
  <section class="card" aria-labelledby="ichart-h">
    <h2 id="ichart-h">${tr.t('incident.chart')}</h2>
    ${raw(incidentChart(tr, d))}
    <p class="legend"><span class="key key-bar"></span>${tr.t('chart.perStep', { step: tr.duration(d.series.stepMinutes) })} <span class="key key-band"></span>${tr.t('chart.usual')}</p>
    ${dataTable(tr, d)}
  </section>
  <div class="grid">
    <section class="card wide" aria-labelledby="isvc-h"><h2 id="isvc-h">${tr.t('incident.services')}</h2>${servicesTable(tr, d)}</section>
    <section class="card" aria-labelledby="iprob-h"><h2 id="iprob-h">${tr.t('incident.problems')}</h2>${
      d.report.topProblems.length > 0
        ? shareBars(tr, d.report.topProblems, (k) => tr.category(k))
        : html`<p class="muted">${tr.t('problems.none')}</p>`
    }</section>
    <section class="card" aria-labelledby="icty-h"><h2 id="icty-h">${tr.t('incident.countries')}</h2>
      ${worldMap(tr, d.report.topCountries, p.map)}
      ${shareBars(tr, d.report.topCountries, (k) => tr.country(k))}
    </section>
  </div>
  <section class="card" aria-labelledby="itl-h"><h2 id="itl-h">${tr.t('incident.timeline')}</h2>${incidentTimeline(tr, d.report.timeline)}</section>
  <section class="card" aria-labelledby="idl-h">
    <h2 id="idl-h">${tr.t('incident.download')}</h2>
    <ul class="downloads">
      <li><a href="${base}.json" download="downwatch-incident-${i.id}.json">${tr.t('incident.downloadJson')}</a></li>
      <li><a href="${base}.md?lang=${tr.lang}" download="downwatch-incident-${i.id}.md">${tr.t('incident.downloadMd')}</a></li>
      <li><a href="${base}.svg?lang=${tr.lang}" download="downwatch-incident-${i.id}.svg">${tr.t('incident.downloadSvg')}</a></li>
    </ul>
    <p class="small"><code data-origin>${tr.t('incident.cite', { id: i.id, url: base })}</code></p>
    <p class="muted small">${tr.t('incident.method')}</p>
  </section>
  <nav class="pager" aria-label="${tr.t('archive.pages')}">${
    p.neighbours?.older
      ? html`<a rel="prev" href="/incidents/${p.neighbours.older}">${tr.t('incident.older')}</a>`
      : ''
  } <a href="/incidents">${tr.t('incident.archive')}</a> ${
    p.neighbours?.newer
      ? html`<a rel="next" href="/incidents/${p.neighbours.newer}">${tr.t('incident.newer')}</a>`
      : ''
  }</nav>
</article>`;
  return layout({
    tr,
    title: `${title} — Downwatch`,
    description: `${title}. ${tr.t('incident.started')}: ${tr.time(i.startedAt)}.`,
    path: p.path,
    publicUrl: p.publicUrl,
    share: true,
    body,
    assets: p.assets,
    live: { page: 'incident', id: i.id },
  });
}
