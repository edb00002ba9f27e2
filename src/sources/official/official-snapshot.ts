import type { ComponentStatus, Impact, IncidentStatus } from '../../shared/status-vocabulary.ts';

/**
 * What any official status source says, in our vocabulary (shared/status-vocabulary.ts, the
 * Statuspage one): components with a state, and incidents with a status. Statuspage, incident.io
 * and RSS/Atom parsers all produce it.
 */

export type OfficialComponent = {
  id: string;
  name: string;
  state: ComponentStatus;
  /** The provider's own words for the state ("major disruption", "full outage"). */
  label: string;
  updatedAt: number | null;
};

export type OfficialIncident = {
  id: string;
  name: string;
  status: IncidentStatus;
  impact: Impact;
  /** Names of the components it affects, when the source says. */
  components: string[];
  /** Changes whenever the provider posts an update. */
  updateId: string;
  updatedAt: number;
  message: string;
  url: string | null;
};

export type OfficialSnapshot = {
  page: string | null;
  /** When the source says it was last changed (page or feed time), if it says. */
  updatedAt: number | null;
  components: OfficialComponent[];
  incidents: OfficialIncident[];
  /**
   * True when the source lists only what is wrong now (Statuspage summary, incident.io): a component
   * or incident that disappears has recovered. False for feeds, whose old items simply scroll away.
   */
  currentOnly: boolean;
  /** False when only affected components are listed (incident.io): a missing one is operational. */
  allComponents: boolean;
};

/** "degraded_performance" → "degraded performance". */
export const humanise = (s: string): string => s.replaceAll('_', ' ').trim().toLowerCase();

/** An instant from an ISO or RFC 822 date, or null. */
export function instant(s: unknown): number | null {
  if (typeof s !== 'string' && typeof s !== 'number') return null;
  const t = typeof s === 'number' ? s : Date.parse(s);
  return Number.isFinite(t) ? t : null;
}

/** Whether a state or status admits a problem. */
export const isProblem = (s: ComponentStatus | IncidentStatus): boolean =>
  s !== 'operational' && s !== 'under_maintenance' && s !== 'resolved';

/**
 * Classifies free text (feed items, statements) into an incident status and impact: providers'
 * feeds use the Statuspage words ("Investigating", "Resolved") or plain sentences.
 */
export function classifyText(text: string): { status: IncidentStatus; impact: Impact } {
  const t = text.toLowerCase();
  const status: IncidentStatus =
    /\bresolved\b|\b(is|are|now) back to normal\b|\boperational again\b|\bfully (recovered|restored)\b/.test(
      t,
    )
      ? 'resolved'
      : /\bmonitoring\b|\brecover(ed|ing)\b|\brestor(ed|ing)\b|\bbeing restored\b|\bmitigated\b|\bannounced again\b|\bresolving again\b/.test(
            t,
          )
        ? 'monitoring'
        : /\bidentified\b|\broot cause\b|\bfix (is )?being\b/.test(t)
          ? 'identified'
          : 'investigating';
  const impact: Impact =
    /\b(major|full|complete|total)\b.*\b(outage|disruption)\b|\bunavailable\b|\bunreachable\b|\bdown\b|\bcannot\b|\bcan't\b/.test(
      t,
    )
      ? 'major'
      : /\boutage\b|\bdisruption\b|\bfail(ing|ures?)\b|\berrors?\b|\btrouble\b/.test(t)
        ? 'major'
        : /\bdegraded\b|\bslow\b|\bdelay(s|ed)?\b|\bintermittent\b|\belevated\b|\bsome (users|people|customers)\b/.test(
              t,
            )
          ? 'minor'
          : 'none';
  return { status, impact };
}
