import type { ProbeVerdict } from './verdict.ts';

/**
 * What the probes say about an incident: the network failed (name resolution, connections, TLS),
 * the service answered with errors, or it was reachable (so the problem is behind the front door —
 * logins, feeds — and the reports' problem mix tells which). "unknown": no probe data.
 */
export const CLASSIFICATIONS = [
  'network/dns',
  'network/connect',
  'network/tls',
  'application',
  'reachable',
  'unknown',
] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

const OF_LAYER: Record<string, Classification> = {
  dns: 'network/dns',
  connect: 'network/connect',
  tls: 'network/tls',
  http: 'application',
  condition: 'application',
};

/** Pure: the classification of a set of services' probe verdicts (the layer most services fail at). */
export function classify(verdicts: readonly ProbeVerdict[]): Classification {
  const counts = new Map<Classification, number>();
  for (const v of verdicts) {
    const c = v.state === 'down' && v.layer ? OF_LAYER[v.layer] : undefined;
    if (c) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  if (counts.size > 0) {
    let best: Classification = 'unknown';
    let n = 0;
    for (const c of CLASSIFICATIONS) {
      const k = counts.get(c) ?? 0;
      if (k > n) [best, n] = [c, k];
    }
    return best;
  }
  return verdicts.some((v) => v.state === 'up') ? 'reachable' : 'unknown';
}
