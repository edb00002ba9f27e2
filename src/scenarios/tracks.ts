/**
 * Ground truth and outage curves of a scenario: which service is down when, how many extra reports
 * it draws per minute, and the problem and country keys every breakdown is aligned with.
 */
import { MINUTE } from '../shared/time.ts';
import { shares } from './profile.ts';
import type { OutageSpec, Scenario } from './schema.ts';

/** Problem and country keys of a scenario, sorted ("other" last), for aligned breakdown arrays. */
export type ScenarioKeys = { problems: string[]; countries: string[] };

const sortKeys = (keys: Set<string>): string[] =>
  [...keys].sort((a, b) => (a === 'other' ? 1 : b === 'other' ? -1 : a.localeCompare(b)));

/** Every problem and country named anywhere in the scenario. */
export function scenarioKeys(s: Scenario): ScenarioKeys {
  const problems = new Set<string>();
  const countries = new Set<string>();
  for (const svc of s.services) {
    for (const k of Object.keys(svc.problems)) problems.add(k);
    for (const k of Object.keys(svc.countries)) countries.add(k);
  }
  for (const e of s.noise.events) if (e.kind === 'distributed-flood' && e.country) countries.add(e.country);
  for (const inc of s.incidents) {
    for (const o of inc.outages) {
      for (const k of Object.keys(o.problems ?? {})) problems.add(k);
      for (const k of Object.keys(o.countries ?? {})) countries.add(k);
    }
  }
  return { problems: sortKeys(problems), countries: sortKeys(countries) };
}

/** One ground-truth outage of one service. */
export type TruthOutage = {
  /** "incident-id/service". */
  id: string;
  incident: string;
  service: string;
  start: number;
  end: number;
  fixedAt: number | undefined;
};

/** The ground truth: every outage of every incident, by start. */
export const groundTruth = (s: Scenario): TruthOutage[] =>
  s.incidents
    .flatMap((inc) =>
      inc.outages.map((o) => ({
        id: `${inc.id}/${o.service}`,
        incident: inc.id,
        service: o.service,
        start: o.start,
        end: o.end,
        fixedAt: o.fixedAt,
      })),
    )
    .sort((a, b) => a.start - b.start);

/** Level (fraction of peak) of a keyframe curve at `minute` after the start; holds the last value. */
export function curveLevel(curve: OutageSpec['curve'], minute: number): number {
  let previous = curve[0]!;
  if (minute <= previous[0]) return previous[1];
  for (let i = 1; i < curve.length; i++) {
    const next = curve[i]!;
    if (minute <= next[0]) {
      const f = (minute - previous[0]) / (next[0] - previous[0]);
      return previous[1] + f * (next[1] - previous[1]);
    }
    previous = next;
  }
  return previous[1];
}

/** An outage ready for generation: per-minute levels (middle of each minute) and aligned mixes. */
export type OutageTrack = TruthOutage & {
  peakPerMinute: number;
  levels: Float64Array;
  problems: Float64Array;
  countries: Float64Array;
};

/** Generation tracks for every outage at a scale. */
export function outageTracks(s: Scenario, keys: ScenarioKeys, scale: number): OutageTrack[] {
  const truth = new Map(groundTruth(s).map((g) => [g.id, g]));
  return s.incidents.flatMap((inc) =>
    inc.outages.map((o) => {
      const svc = s.services.find((x) => x.id === o.service)!;
      const minutes = Math.round((o.end - o.start) / MINUTE);
      const levels = new Float64Array(minutes);
      for (let m = 0; m < minutes; m++) levels[m] = curveLevel(o.curve, m + 0.5);
      return {
        ...truth.get(`${inc.id}/${o.service}`)!,
        peakPerMinute: (o.peak * scale) / 15,
        levels,
        problems: shares(o.problems ?? svc.problems, keys.problems),
        countries: shares(o.countries ?? svc.countries, keys.countries),
      };
    }),
  );
}
