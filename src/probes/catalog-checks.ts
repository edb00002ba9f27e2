import type { Catalog } from '../catalog/catalog.ts';
import { Check } from './check.ts';

/**
 * Checks for every probe target in the catalog: an HTTP check per URL and a DNS check (A record,
 * the system's resolver) per host, once a minute with one retry. Only used when the operator opts
 * in (DOWNWATCH_PROBES=catalog): the targets are public services on the internet.
 */
export function catalogChecks(catalog: Pick<Catalog, 'services'>): Check[] {
  const out: Check[] = [];
  for (const s of catalog.services) {
    s.probes.urls.forEach((url, i) => {
      out.push(Check.parse({ id: `${s.slug}:http:${i}`, service: s.slug, kind: 'http', url, retries: 1 }));
    });
    for (const host of s.probes.hosts)
      out.push(
        Check.parse({
          id: `${s.slug}:dns:${host.toLowerCase()}`,
          service: s.slug,
          kind: 'dns',
          name: host,
          retries: 1,
        }),
      );
  }
  return out;
}
