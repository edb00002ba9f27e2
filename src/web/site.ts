import type { Catalog } from '../catalog/catalog.ts';
import type { Lang } from '../i18n/languages.ts';
import { makeTranslator, type Translator } from '../i18n/translator.ts';
import type { IncidentData } from '../incidents/incident-data.ts';
import { loadSiteAssets, type SiteAssets } from './assets.ts';
import { type CachedPage, VersionedCache } from './page-cache.ts';

/** The status site's long-lived parts: assets, one translator per language, render caches. */
export type Site = {
  /** The site's absolute address (no trailing slash), for canonical links, the sitemap and share cards. */
  publicUrl: string;
  assets: SiteAssets;
  translators: Record<Lang, Translator>;
  /** Rendered pages, badges and downloads, per snapshot version. */
  pages: VersionedCache<CachedPage>;
  /** Incident reports with their series, per snapshot version. */
  incidents: VersionedCache<IncidentData>;
};

/** Builds the site once at start-up (reads the assets, projects the map). */
export function createSite(catalog: Catalog, publicUrl: string): Site {
  const tr = (l: Lang) => makeTranslator(l, catalog);
  return {
    publicUrl,
    assets: loadSiteAssets(),
    translators: { en: tr('en'), id: tr('id'), hi: tr('hi'), vi: tr('vi') },
    pages: new VersionedCache<CachedPage>(),
    incidents: new VersionedCache<IncidentData>(500),
  };
}
