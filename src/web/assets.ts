import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AssetUrls } from './layout.ts';
import { buildWorldGeometry } from './map/world-geometry.ts';
import type { MapAsset } from './map/world-map.ts';

/** A static file served from memory under a content-hashed name (cacheable for a year). */
export type Asset = { name: string; type: string; body: string; etag: string };

const hash = (body: string): string => createHash('sha1').update(body).digest('base64url').slice(0, 12);

const asset = (base: string, ext: string, type: string, body: string): Asset => {
  const h = hash(body);
  return { name: `${base}.${h}.${ext}`, type, body, etag: `"${h}"` };
};

/** The site's stylesheet, script and world map, loaded and hashed once at start-up. */
export type SiteAssets = { byName: Map<string, Asset>; urls: AssetUrls; map: MapAsset };

/** Reads the stylesheet and the script beside this file and projects the world map. */
export function loadSiteAssets(): SiteAssets {
  const read = (file: string) => readFileSync(new URL(`./assets/${file}`, import.meta.url), 'utf8');
  const world = buildWorldGeometry();
  const css = asset('site', 'css', 'text/css; charset=utf-8', read('site.css'));
  const js = asset('site', 'js', 'text/javascript; charset=utf-8', read('site.js'));
  const map = asset('world', 'svg', 'image/svg+xml', world.svg);
  const url = (a: Asset) => `/assets/${a.name}`;
  return {
    byName: new Map([css, js, map].map((a) => [a.name, a])),
    urls: { css: url(css), js: url(js), world: url(map) },
    map: { url: url(map), height: world.height, has: (code) => world.paths.has(code) },
  };
}
