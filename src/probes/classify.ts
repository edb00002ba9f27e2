import { CLASSIFICATIONS, type Classification } from '../shared/probe-classification.ts';
import type { Reachability } from './reachability.ts';

export { CLASSIFICATIONS, type Classification };

/** A down service's classification from its layer and code (refusals never make a service down). */
export function classificationOf(
  v: Pick<Reachability, 'state' | 'layer' | 'code'>,
): Classification | undefined {
  if (v.state !== 'down') return undefined;
  switch (v.layer) {
    case 'dns':
      return 'network/dns';
    case 'connect':
      return 'network/connect';
    case 'tls':
      return 'network/tls';
    case 'http':
      return /^HTTP_5\d\d$/.test(v.code ?? '') ? 'http/5xx' : 'http/other';
    case 'condition':
      return 'content';
    default:
      return undefined;
  }
}

/** Pure: the classification of a set of services' reachability (the layer most services fail at). */
export function classify(verdicts: readonly Reachability[]): Classification {
  const counts = new Map<Classification, number>();
  for (const v of verdicts) {
    const c = classificationOf(v);
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
