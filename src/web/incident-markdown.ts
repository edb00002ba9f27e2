import type { Translator } from '../i18n/translator.ts';
import type { IncidentData } from '../incidents/incident-data.ts';
import { timelineHeadline } from './incident-timeline.ts';
import { incidentTitle } from './incident-title.ts';

/** Text safe inside a Markdown table cell or list item. */
const md = (s: string): string =>
  s
    .replace(/\\/g, '\\\\')
    .replace(/([|*_`[\]<>])/g, '\\$1')
    .replace(/\s+/g, ' ');

const table = (head: string[], rows: string[][]): string[] => [
  `| ${head.map(md).join(' | ')} |`,
  `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
  ...rows.map((r) => `| ${r.map(md).join(' | ')} |`),
];

/**
 * The incident report as Markdown, in the translator's language with times in UTC: what the page
 * shows and what `downwatch report` prints. `url` (the page's address) goes into the citation.
 */
export function incidentMarkdown(tr: Translator, d: IncidentData, url?: string): string {
  const r = d.report;
  const i = r.incident;
  const shares = (rows: typeof r.topProblems, label: (k: string) => string) =>
    table(
      ['', tr.t('incident.reports'), '%'],
      rows.map((x) => [label(x.key), tr.n(x.reports), tr.pct(x.share)]),
    );
  const lines = [
    `# ${md(tr.t('incident.pageTitle', { id: i.id, title: incidentTitle(tr, i) }))}`,
    '',
    ...table(
      ['', ''],
      [
        [tr.t('incident.impact'), tr.t(`incident.impact.${i.impact}`)],
        [tr.t('incident.statusLabel'), tr.t(`incident.status.${i.status}`)],
        [tr.t('incident.started'), tr.time(i.startedAt)],
        [tr.t('incident.detected'), tr.time(i.detectedAt)],
        [
          tr.t('incident.peak'),
          tr.plural('incident.peakValue', i.peakRate, { rate: tr.n(i.peakRate), time: tr.time(i.peakAt) }),
        ],
        [tr.t('incident.ended'), i.resolvedAt ? tr.time(i.resolvedAt) : tr.t('incident.ongoing')],
        [tr.t('incident.duration'), tr.duration(r.durationMinutes)],
        [tr.t('incident.totals'), tr.n(r.totals.reports)],
      ],
    ),
    '',
    `## ${tr.t('incident.services')}`,
    '',
    ...table(
      [
        tr.t('incident.service'),
        tr.t('incident.reports'),
        tr.t('incident.started'),
        tr.t('incident.recovered'),
      ],
      i.services.map((s) => [
        tr.service(s.service),
        tr.n(r.totals.byService[s.service] ?? 0),
        tr.time(s.startedAt, 'short'),
        s.recoveredAt ? tr.time(s.recoveredAt, 'short') : '—',
      ]),
    ),
    '',
    `## ${tr.t('incident.problems')}`,
    '',
    ...(r.topProblems.length > 0 ? shares(r.topProblems, (k) => tr.category(k)) : [tr.t('problems.none')]),
    '',
    `## ${tr.t('incident.countries')}`,
    '',
    ...(r.topCountries.length > 0 ? shares(r.topCountries, (k) => tr.country(k)) : [tr.t('map.none')]),
    '',
    `## ${tr.t('incident.timeline')}`,
    '',
    ...r.timeline.map(
      (e) => `- ${tr.time(e.at, 'short')} — **${md(timelineHeadline(tr, e))}** — ${md(e.message)}`,
    ),
    '',
    `## ${tr.t('incident.chart')}`,
    '',
    ...table(
      [tr.t('chart.time'), tr.t('chart.perStep', { step: tr.duration(d.series.stepMinutes) })],
      d.series.points.filter((p) => p.reports > 0).map((p) => [tr.time(p.t, 'short'), tr.n(p.reports)]),
    ),
    '',
    `_${md(tr.t('incident.method'))}_`,
    '',
    md(tr.t('incident.cite', { id: i.id, url: url ?? `/incidents/${i.id}` })),
    '',
  ];
  return lines.join('\n');
}
