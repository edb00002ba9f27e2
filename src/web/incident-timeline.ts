import type { MessageKey } from '../i18n/en.ts';
import type { Translator } from '../i18n/translator.ts';
import type { IncidentReport } from '../incidents/incident-report.ts';
import { type Html, html } from './html.ts';
import { timeTag } from './time-tag.ts';

type Entry = IncidentReport['timeline'][number];

const HEADLINES: Record<string, MessageKey> = {
  opened: 'timeline.opened',
  service_added: 'timeline.service_added',
  escalated: 'timeline.escalated',
  improving: 'timeline.improving',
  relapse: 'timeline.relapse',
  service_recovered: 'timeline.service_recovered',
  resolved: 'timeline.resolved',
  impact: 'timeline.impact',
  official: 'timeline.official',
};

/** The localised headline of a timeline entry; the detector's own wording follows as the detail. */
export const timelineHeadline = (tr: Translator, e: Entry): string =>
  tr.t(HEADLINES[e.kind] ?? 'timeline.other', { service: e.service ? tr.service(e.service) : '' });

/** An incident's timeline, oldest first; official statements are quoted as they were published. */
export const incidentTimeline = (tr: Translator, entries: Entry[]): Html =>
  html`<ol class="timeline">${entries.map(
    (e) => html`<li class="tl tl-${e.kind}">
  ${timeTag(tr, e.at, 'short')}
  <strong>${timelineHeadline(tr, e)}</strong>
  ${e.kind === 'official' ? html`<blockquote>${e.message}</blockquote>` : html`<span class="muted small">${e.message}</span>`}
</li>`,
  )}</ol>`;
