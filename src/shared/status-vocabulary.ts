/**
 * The status vocabulary every folder speaks: service states, incident statuses, impacts, alert
 * severities and the three levels a person sees, with their order and the mappings between them.
 * The words are Statuspage's, so tools that read a Statuspage page read ours unchanged.
 * People-facing text is not here: each word has an i18n key (`…LabelKey`) and the catalogues hold
 * the text in every language.
 */
import { z } from 'zod';

/** States a service can be in by our own detection, mildest first (Statuspage's component statuses minus maintenance). */
export const SERVICE_STATES = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
] as const;
export const ServiceState = z.enum(SERVICE_STATES);
export type ServiceState = z.infer<typeof ServiceState>;

/**
 * Statuspage's component statuses: our service states plus `under_maintenance`, which only official
 * status pages report and which ranks with `operational` (a planned stop is not a problem).
 */
export const ComponentStatus = z.enum([...SERVICE_STATES, 'under_maintenance']);
export type ComponentStatus = z.infer<typeof ComponentStatus>;

/** Incident statuses in the order an incident normally passes through them. */
export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export const IncidentStatus = z.enum(INCIDENT_STATUSES);
export type IncidentStatus = z.infer<typeof IncidentStatus>;

/** Incident impacts, mildest first: the n-th impact goes with the n-th service state. */
export const IMPACTS = ['none', 'minor', 'major', 'critical'] as const;
export const Impact = z.enum(IMPACTS);
export type Impact = z.infer<typeof Impact>;

/** The impacts an alert can have: a subscriber's minimum, a message's headline ("none" never alerts). */
export const Severity = Impact.exclude(['none']);
export type Severity = z.infer<typeof Severity>;

/**
 * What a person is told about a service, mildest first: one of three levels, so a reader never has
 * to tell a "partial" from a "major" outage. The public API carries it as the `verdict` field.
 */
export const PROBLEM_LEVELS = ['no_problems', 'possible_problems', 'problems_detected'] as const;
export const ProblemLevel = z.enum(PROBLEM_LEVELS);
export type ProblemLevel = z.infer<typeof ProblemLevel>;

/** Rank of a state: operational and under_maintenance 0, degraded_performance 1 … major_outage 3. */
export const stateRank = (s: ComponentStatus): number =>
  s === 'under_maintenance' ? 0 : SERVICE_STATES.indexOf(s);

/** The worse of two states (the first on a tie). */
export const worseState = <S extends ComponentStatus>(a: S, b: S): S => (stateRank(b) > stateRank(a) ? b : a);

/** Rank of an impact: none 0 … critical 3, comparable with `stateRank`. */
export const impactRank = (i: Impact): number => IMPACTS.indexOf(i);

/** The worse of two impacts. */
export const worseImpact = (a: Impact, b: Impact): Impact => (impactRank(b) > impactRank(a) ? b : a);

/** The impact a state has: operational none, degraded minor, partial major, major critical. */
export const impactOf = (s: ComponentStatus): Impact => IMPACTS[stateRank(s)] ?? 'none';

/** The alert severity of a state; null for operational (and maintenance), which never alert. */
export const severityOfState = (s: ComponentStatus): Severity | null => {
  const i = impactOf(s);
  return i === 'none' ? null : i;
};

/** What a person is told about a state: degraded means possible problems, worse means problems detected. */
export const problemLevelOf = (s: ComponentStatus): ProblemLevel =>
  PROBLEM_LEVELS[Math.min(stateRank(s), 2)] ?? 'problems_detected';

/** Rank of a problem level: no_problems 0, possible_problems 1, problems_detected 2. */
export const problemLevelRank = (l: ProblemLevel): number => PROBLEM_LEVELS.indexOf(l);

/** i18n key of a problem level's words ("No problems", "Possible problems", "Problems detected"). */
export const problemLevelLabelKey = <L extends ProblemLevel>(l: L): `verdict.${L}` => `verdict.${l}`;

/** i18n key of a service state's words in an alert line ("possible problems", "back to normal"). */
export const serviceStateLabelKey = <S extends ServiceState>(s: S): `state.${S}` => `state.${s}`;

/** i18n key of a severity's words in an alert's subject and in the subscription form. */
export const severityLabelKey = <S extends Severity>(s: S): `severity.${S}` => `severity.${s}`;
