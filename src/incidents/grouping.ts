import type { Catalog } from '../catalog/catalog.ts';
import type { Grouping } from './decide.ts';

/**
 * Groups by provider; declared dependencies (either direction) join across providers, and services
 * declaring the same dependency join when they start together (decide's join window).
 */
export function grouping(catalog: Catalog): Grouping {
  const related = new Map<string, Set<string>>();
  for (const s of catalog.services) {
    for (const d of s.dependencies) {
      if (!related.has(s.slug)) related.set(s.slug, new Set());
      if (!related.has(d)) related.set(d, new Set());
      related.get(s.slug)!.add(d);
      related.get(d)!.add(s.slug);
    }
  }
  const providers = new Map(catalog.providers.map((p) => [p.slug, p.name]));
  return {
    groupOf: (slug) => catalog.bySlug.get(slug)?.provider ?? slug,
    related: (slug) => [...(related.get(slug) ?? [])],
    serviceName: (slug) => catalog.bySlug.get(slug)?.name ?? slug,
    groupName: (group) => providers.get(group) ?? group,
    dependsOn: (slug) => catalog.bySlug.get(slug)?.dependencies ?? [],
  };
}
