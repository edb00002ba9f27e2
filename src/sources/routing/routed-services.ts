import type { Catalog } from '../../catalog/catalog.ts';
import type { RoutedService } from './routing-watch.ts';

/** The catalog services that name ASNs or prefixes, as the routing watch needs them. */
export function routedServices(catalog: Catalog): RoutedService[] {
  const names = new Map(catalog.providers.map((p) => [p.slug, p.name]));
  return catalog.services
    .filter((s) => s.probes.asns.length > 0 || s.probes.prefixes.length > 0)
    .map((s) => ({
      slug: s.slug,
      provider: s.provider,
      providerName: names.get(s.provider) ?? s.provider,
      asns: s.probes.asns,
      prefixes: s.probes.prefixes.map((p) => (typeof p === 'string' ? { prefix: p } : p)),
    }));
}
