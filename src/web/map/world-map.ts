import type { Translator } from '../../i18n/translator.ts';
import { escapeHtml } from '../../shared/escape-html.ts';
import { type Html, html, raw } from '../html.ts';
import type { ShareRow } from '../share-bars.ts';
import { MAP_WIDTH } from './world-geometry.ts';

/** Where the shipped geometry is served, and its drawing height. */
export type MapAsset = { url: string; height: number; has: (code: string) => boolean };

const LEVELS = 5;

/**
 * A world map shaded by each country's share of reports. The outlines are one long-cached asset
 * (`<use>` references), so the page carries only the shaded countries; a list repeats the figures
 * for screen readers and for browsers that do not show the map.
 */
export function worldMap(tr: Translator, rows: ShareRow[], asset: MapAsset): Html {
  const located = rows.filter((r) => r.key !== 'ZZ' && r.reports > 0);
  if (located.length === 0) return html`<p class="muted">${tr.t('map.none')}</p>`;
  const top = Math.max(...located.map((r) => r.share));
  const list = located
    .slice(0, 5)
    .map((r) => `${tr.country(r.key)} ${tr.pct(r.share)}`)
    .join(', ');
  const summary = tr.t('map.summary', { list });
  const shades = located
    .filter((r) => asset.has(r.key))
    .map((r) => {
      const level = Math.max(1, Math.ceil((LEVELS * r.share) / top));
      const tip = `${tr.country(r.key)}: ${tr.pct(r.share)} (${tr.n(r.reports)})`;
      return `<use href="${asset.url}#c-${r.key}" class="map-shade s${level}"><title>${escapeHtml(tip)}</title></use>`;
    })
    .join('');
  return html`<figure class="map">
  <svg viewBox="0 0 ${MAP_WIDTH} ${asset.height}" role="img" aria-label="${summary}"><use href="${asset.url}#world" class="map-land"/>${raw(shades)}</svg>
  <figcaption class="vh">${summary}</figcaption>
</figure>`;
}
