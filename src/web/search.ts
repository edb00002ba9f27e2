import type { Catalog } from '../catalog/catalog.ts';

/** Lower case without accents, so "viettel" finds "Viettel" and "zalo" finds "Zalo". */
export const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();

/** Services whose slug, names, provider or keywords (any language) contain the query. */
export function searchServices(catalog: Catalog, query: string): Set<string> {
  const q = fold(query);
  const providers = new Map(catalog.providers.map((p) => [p.slug, p.name]));
  const out = new Set<string>();
  if (!q) return out;
  for (const s of catalog.services) {
    const haystack = [
      s.slug,
      s.name,
      ...Object.values(s.names),
      providers.get(s.provider) ?? s.provider,
      ...Object.values(s.keywords).flat(),
    ].map(fold);
    if (haystack.some((h) => h.includes(q))) out.add(s.slug);
  }
  return out;
}
