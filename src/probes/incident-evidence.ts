import type { IncidentsRepo } from '../incidents/incidents-repo.ts';
import type { ServiceState } from '../shared/status-vocabulary.ts';
import { type Classification, classify } from './classify.ts';
import type { ProbeWatch, WatchedReachability } from './probe-watch.ts';

/** The monitor's per-service reading, as far as probes need it (structurally the incidents' ServiceReading). */
export type ServiceReadingLike = {
  service: string;
  status: ServiceState;
  since: number;
  evidence: readonly string[];
  /** Set when the probes find the service down (the monitor's corroboration reads it). */
  probesDown?: boolean;
  /** "layer:code" of the probes' failure: services failing alike start one incident. */
  probeSignature?: string;
};

type Last = { key: string; message: string; at: number };

/** The sentence for an incident's services: the leading reachability, then which services it covers. */
export function incidentMessage(
  classification: Classification,
  verdicts: WatchedReachability[],
  name: (slug: string) => string,
): string {
  const down = verdicts.filter((v) => v.state === 'down');
  const lead = [...(down.length > 0 ? down : verdicts)].sort((a, b) => b.reachable - a.reachable)[0]!;
  const names = (down.length > 0 ? down : verdicts).map((v) => name(v.service)).join(', ');
  if (classification === 'reachable') return `Sites ${lead.text}: ${names}`;
  return `${lead.text.charAt(0).toUpperCase()}${lead.text.slice(1)}: ${names}`;
}

/**
 * The probes' hook into the incident monitor (see docs/adr/0006-probes.md):
 *
 * - `adjust` runs each minute on the detector's readings before incidents are decided: a service the
 *   probes find down (quorum of reachable vantage points) gets the probe sentence as evidence, and
 *   is at least "partial_outage" even without reports — so probes alone can open an incident.
 * - On the node that writes incidents (`lead`), it then adds a "probe" timeline row to each open incident whose probe classification changed
 *   ("DNS failing from 4 of 5 vantage points since 15:50 (SERVFAIL): Facebook, …"), with the
 *   classification in the row's data; the incident report reads its classification from those rows.
 */
export class IncidentEvidence {
  readonly #watch: ProbeWatch;
  readonly #incidents: Pick<IncidentsRepo, 'openIncidents' | 'addIncidentEvent'>;
  readonly #name: (slug: string) => string;
  readonly #last = new Map<number, Last>();

  constructor(
    watch: ProbeWatch,
    incidents: Pick<IncidentsRepo, 'openIncidents' | 'addIncidentEvent'>,
    name: (slug: string) => string,
  ) {
    this.#watch = watch;
    this.#incidents = incidents;
    this.#name = name;
  }

  adjust = async <V extends ServiceReadingLike>(t: number, verdicts: V[], lead = true): Promise<V[]> => {
    const probes = await this.#watch.evaluate(t);
    if (probes.size === 0) return verdicts;
    const out = verdicts.map((v) => {
      const p = probes.get(v.service);
      if (p?.state !== 'down') return v;
      const evidence = [...v.evidence, `probes: ${p.text}`];
      const probeSignature = `${p.layer ?? 'connect'}:${p.code ?? ''}`;
      return v.status === 'operational'
        ? {
            ...v,
            status: 'partial_outage' as const,
            since: p.since ?? t,
            evidence,
            probesDown: true,
            probeSignature,
          }
        : { ...v, evidence, probesDown: true, probeSignature };
    });
    if (lead) await this.#hints(t, probes);
    return out;
  };

  async #hints(t: number, probes: Map<string, WatchedReachability>): Promise<void> {
    const open = await this.#incidents.openIncidents();
    const live = new Set(open.map((i) => i.id));
    for (const id of this.#last.keys()) if (!live.has(id)) this.#last.delete(id);
    for (const incident of open) {
      const active = incident.services.filter((s) => s.recoveredAt === null);
      const verdicts = (active.length > 0 ? active : incident.services)
        .map((s) => probes.get(s.service))
        .filter((v): v is WatchedReachability => v !== undefined && v.state !== 'unknown');
      if (verdicts.length === 0) continue;
      const classification = classify(verdicts);
      const message = incidentMessage(classification, verdicts, this.#name);
      const lead = verdicts.find((v) => v.state === 'down');
      const key = `${classification}|${lead?.code ?? ''}`;
      const last = this.#last.get(incident.id);
      // A new row when the classification or the failure changes; a changed count only every 15 min.
      if (last && (last.key === key ? last.message === message || t - last.at < 15 * 60_000 : false))
        continue;
      // The first row is dated when the failure began (it may precede the incident's detection).
      const at = last ? t : Math.min(t, lead?.since ?? t);
      this.#last.set(incident.id, { key, message, at: t });
      await this.#incidents.addIncidentEvent(incident.id, {
        at,
        kind: 'probe',
        message,
        data: {
          classification,
          layer: lead?.layer ?? null,
          code: lead?.code ?? null,
          failing: lead?.failing ?? 0,
          reachable: (lead ?? verdicts[0]!).reachable,
          since: (lead ?? verdicts[0]!).since,
          services: verdicts.map((v) => ({
            service: v.service,
            state: v.state,
            failing: v.failing,
            reachable: v.reachable,
          })),
        },
      });
    }
  }
}
