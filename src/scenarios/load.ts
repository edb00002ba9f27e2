/**
 * Reading scenario files (YAML or JSON) with every problem reported at once, each with its path
 * ("incidents.0.outages.2.curve: …").
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { type Scenario, ScenarioSpec } from './schema.ts';

/** A scenario file that cannot be used; `issues` lists each problem as "path: message". */
export class ScenarioError extends Error {
  readonly issues: string[];
  constructor(file: string, issues: string[]) {
    super(`The scenario ${file} is invalid:\n${issues.map((i) => `  ${i}`).join('\n')}`);
    this.name = 'ScenarioError';
    this.issues = issues;
  }
}

/** Consistency checks zod cannot express field by field. */
export function crossCheck(s: Scenario): string[] {
  const issues: string[] = [];
  const ids = new Set<string>();
  s.services.forEach((svc, i) => {
    if (ids.has(svc.id)) issues.push(`services.${i}.id: "${svc.id}" is declared twice`);
    ids.add(svc.id);
  });
  const groups = new Set(s.services.flatMap((svc) => (svc.group ? [svc.group] : [])));
  if (s.end <= s.start) issues.push('end: must be after start');
  const whole = (t: number) => t % 60_000 === 0;
  if (!whole(s.start) || !whole(s.end)) issues.push('start, end: must fall on whole minutes');
  s.noise.events.forEach((e, i) => {
    if ('service' in e && !ids.has(e.service))
      issues.push(`noise.events.${i}.service: unknown service "${e.service}"`);
    if (e.kind === 'sympathy' && !groups.has(e.group))
      issues.push(`noise.events.${i}.group: no service has group "${e.group}"`);
  });
  s.noise.holidays.forEach((h, i) => {
    if (Number.isNaN(Date.parse(`${h.date}T00:00:00Z`)))
      issues.push(`noise.holidays.${i}.date: "${h.date}" is not a valid date`);
    for (const id of h.services ?? [])
      if (!ids.has(id)) issues.push(`noise.holidays.${i}.services: unknown service "${id}"`);
  });
  s.noise.launches.forEach((l, i) => {
    for (const id of l.services)
      if (!ids.has(id)) issues.push(`noise.launches.${i}.services: unknown service "${id}"`);
  });
  if (s.noise.sympathy && !groups.has(s.noise.sympathy.group)) {
    issues.push(`noise.sympathy.group: no service has group "${s.noise.sympathy.group}"`);
  }
  s.incidents.forEach((inc, i) => {
    inc.outages.forEach((o, j) => {
      const at = `incidents.${i}.outages.${j}`;
      if (!ids.has(o.service)) issues.push(`${at}.service: unknown service "${o.service}"`);
      if (o.end <= o.start) issues.push(`${at}.end: must be after start`);
      if (!whole(o.start) || !whole(o.end)) issues.push(`${at}: start and end must fall on whole minutes`);
      if (o.start < s.start || o.end > s.end)
        issues.push(`${at}: must lie within the scenario's start and end`);
      const minutes = (o.end - o.start) / 60_000;
      o.curve.forEach(([m], k) => {
        if (k === 0 && m !== 0) issues.push(`${at}.curve.0: the first keyframe must be at minute 0`);
        if (k > 0 && m <= o.curve[k - 1]![0]) issues.push(`${at}.curve.${k}: minutes must increase`);
        if (m > minutes) issues.push(`${at}.curve.${k}: minute ${m} is after the end (${minutes} min)`);
      });
      if (!o.curve.some(([, v]) => v === 1)) issues.push(`${at}.curve: no keyframe reaches 1 (the peak)`);
    });
    inc.statements.forEach((st, k) => {
      if (st.service && !ids.has(st.service))
        issues.push(`incidents.${i}.statements.${k}.service: unknown service "${st.service}"`);
    });
  });
  issues.push(...crossCheckProbes(s, ids));
  return issues;
}

/** The probes section names known services and vantage points, on whole minutes. */
function crossCheckProbes(s: Scenario, ids: Set<string>): string[] {
  const p = s.probes;
  if (!p) return [];
  const issues: string[] = [];
  const vantages = new Set(p.vantages);
  const whole = (t: number) => t % 60_000 === 0;
  if (p.from !== undefined && p.to !== undefined && p.to <= p.from)
    issues.push('probes.to: must be after from');
  p.services.forEach((svc, i) => {
    if (!ids.has(svc.service)) issues.push(`probes.services.${i}.service: unknown service "${svc.service}"`);
    svc.failures.forEach((f, j) => {
      const at = `probes.services.${i}.failures.${j}`;
      if (f.to <= f.from) issues.push(`${at}.to: must be after from`);
      if (!whole(f.from) || !whole(f.to)) issues.push(`${at}: from and to must fall on whole minutes`);
      if (typeof f.failing === 'number' && f.failing > p.vantages.length)
        issues.push(`${at}.failing: only ${p.vantages.length} vantage points`);
      if (Array.isArray(f.failing))
        for (const v of f.failing)
          if (!vantages.has(v)) issues.push(`${at}.failing: unknown vantage point "${v}"`);
    });
  });
  p.unreachable.forEach((u, i) => {
    if (!vantages.has(u.vantage))
      issues.push(`probes.unreachable.${i}.vantage: unknown vantage point "${u.vantage}"`);
  });
  return issues;
}

/** Parses and validates scenario text; `file` names it in errors. Throws ScenarioError. */
export function parseScenario(text: string, file = 'scenario'): Scenario {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0)
    throw new ScenarioError(
      file,
      doc.errors.map((e) => e.message.split('\n')[0] ?? 'bad YAML'),
    );
  const result = ScenarioSpec.safeParse(doc.toJS());
  if (!result.success) {
    throw new ScenarioError(
      file,
      result.error.issues.map((issue) => {
        const path = issue.path.map(String).join('.') || '(file)';
        const extra =
          issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message;
        return `${path}: ${extra}`;
      }),
    );
  }
  const issues = crossCheck(result.data);
  if (issues.length > 0) throw new ScenarioError(file, issues);
  return result.data;
}

/** Reads, parses and validates a scenario file (.yaml, .yml or .json). Throws ScenarioError. */
export function loadScenario(path: string): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ScenarioError(path, [`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  return parseScenario(text, path);
}
