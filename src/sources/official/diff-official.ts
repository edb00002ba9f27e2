import { humanise, isProblem, type OfficialSnapshot } from './official-snapshot.ts';

/** One thing an official source changed between two reads. */
export type OfficialChange = {
  /** Unique for this fact within the source: re-reading the same page yields the same key. */
  key: string;
  at: number;
  /** The component or incident the change is about. */
  subject: string;
  /** Component names the change concerns (to map it to our services). */
  components: string[];
  /** Our vocabulary: a component state or an incident status. */
  state: string;
  /** "Facebook Login — major disruption". */
  text: string;
  /** The source admits a problem. */
  ack: boolean;
};

const DAY = 86_400_000;
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * The changes from one snapshot to the next (pure). On the first read (`prev` null) only what is
 * wrong now counts — current problems, not the history of a page. A time the provider states is
 * used when it is not in the future; else `now`.
 */
export function diffOfficial(
  prev: OfficialSnapshot | null,
  next: OfficialSnapshot,
  now: number,
): OfficialChange[] {
  const out: OfficialChange[] = [];
  const when = (t: number | null) => (t && t <= now ? t : now);
  const prevComponents = new Map((prev?.components ?? []).map((c) => [c.id, c]));
  for (const c of next.components) {
    const p = prevComponents.get(c.id);
    if (p?.state === c.state) continue;
    if (!p && c.state === 'operational') continue;
    const at = when(c.updatedAt);
    out.push({
      key: `c:${c.id}:${c.state}:${at}`,
      at,
      subject: c.name,
      components: [c.name],
      state: c.state,
      text: `${c.name} — ${c.label}`,
      ack: isProblem(c.state),
    });
  }
  if (prev && !next.allComponents) {
    const still = new Set(next.components.map((c) => c.id));
    for (const p of prev.components)
      if (!still.has(p.id) && p.state !== 'operational')
        out.push({
          key: `c:${p.id}:operational:${now}`,
          at: now,
          subject: p.name,
          components: [p.name],
          state: 'operational',
          text: `${p.name} — operational`,
          ack: false,
        });
  }
  const prevIncidents = new Map((prev?.incidents ?? []).map((i) => [i.id, i]));
  for (const i of next.incidents) {
    const p = prevIncidents.get(i.id);
    if (p?.updateId === i.updateId) continue;
    if (!prev && (i.status === 'resolved' || i.updatedAt < now - DAY)) continue;
    if (!p && i.updatedAt < now - 7 * DAY) continue;
    const at = when(i.updatedAt);
    out.push({
      key: `i:${i.id}:${i.updateId}`,
      at,
      subject: i.name,
      components: i.components,
      state: i.status,
      text: `${i.name} — ${humanise(i.status)}${i.message ? `: ${clip(i.message, 200)}` : ''}`,
      ack: isProblem(i.status),
    });
  }
  if (prev && next.currentOnly) {
    const still = new Set(next.incidents.map((i) => i.id));
    for (const p of prev.incidents)
      if (!still.has(p.id) && p.status !== 'resolved')
        out.push({
          key: `i:${p.id}:gone`,
          at: now,
          subject: p.name,
          components: p.components,
          state: 'resolved',
          text: `${p.name} — resolved`,
          ack: false,
        });
  }
  return out.sort((a, b) => a.at - b.at);
}
