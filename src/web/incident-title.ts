import type { Translator } from '../i18n/translator.ts';
import type { IncidentSummary } from '../incidents/incident-report.ts';

/** An incident's title in the reader's language: "Problems with X", or "Provider: X, Y and Z". */
export function incidentTitle(tr: Translator, i: IncidentSummary): string {
  const names = i.services.map((s) => tr.service(s.service));
  const [only] = names;
  if (names.length === 1 && only) return tr.t('incident.titleOne', { service: only });
  return `${tr.provider(i.provider)}: ${tr.list(names)}`;
}
