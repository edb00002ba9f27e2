import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { type CountryShape, loadCountryShapes, type Ring } from './topology.ts';

/** The map's drawing size (SVG user units); the page scales it to its width. */
export const MAP_WIDTH = 1000;

/** Shapes without an ISO numeric id in the atlas, by name. */
const UNNUMBERED: Record<string, string> = { 'N. Cyprus': 'CY', Somaliland: 'SO', Kosovo: 'XK' };
const ANTARCTICA = '010';
const RAD = Math.PI / 180;

/** The Natural Earth projection (Šavrič et al., 2011): a pleasant compromise for a world overview. */
export function naturalEarth(lon: number, lat: number): [number, number] {
  const l = lon * RAD;
  const p = lat * RAD;
  const p2 = p * p;
  const p4 = p2 * p2;
  return [
    l * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4))),
    p * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4))),
  ];
}

/** ISO 3166-1 numeric → alpha-2, from i18n-iso-countries' code table (MIT). */
function numericToAlpha2(): Map<string, string> {
  const file = fileURLToPath(import.meta.resolve('i18n-iso-countries/codes.json'));
  const rows = z.array(z.array(z.string())).parse(JSON.parse(readFileSync(file, 'utf8')));
  return new Map(rows.flatMap(([a2, , num]) => (a2 && num ? [[num, a2] as [string, string]] : [])));
}

/** Keeps a ring continuous across the antimeridian; returns it and a copy shifted into view if it crosses. */
function unwrap(ring: Ring): Ring[] {
  const out: Ring = [];
  let prev: number | undefined;
  for (const [lon0, lat] of ring) {
    let lon = lon0;
    if (prev !== undefined) while (lon - prev > 180) lon -= 360;
    if (prev !== undefined) while (prev - lon > 180) lon += 360;
    out.push([lon, lat]);
    prev = lon;
  }
  const min = Math.min(...out.map((p) => p[0]));
  const max = Math.max(...out.map((p) => p[0]));
  if (min < -180) return [out, out.map(([x, y]) => [x + 360, y])];
  if (max > 180) return [out, out.map(([x, y]) => [x - 360, y])];
  return [out];
}

/** Each country's outline as one SVG path keyed by ISO alpha-2, the drawing's height, and the whole SVG file. */
export type WorldGeometry = { height: number; paths: Map<string, string>; svg: string };

/** Projects the atlas once (at start-up) into SVG paths; Antarctica is left out. */
export function buildWorldGeometry(shapes: CountryShape[] = loadCountryShapes()): WorldGeometry {
  const codes = numericToAlpha2();
  const kept = shapes.filter((s) => s.numericId !== ANTARCTICA);
  const rings = kept.map((s) => ({
    code: (s.numericId ? codes.get(s.numericId) : UNNUMBERED[s.name]) ?? '',
    rings: s.polygons
      .flat()
      .flatMap(unwrap)
      .map((r) => r.map(([lon, lat]) => naturalEarth(lon, lat))),
  }));
  const [left] = naturalEarth(-180, 0);
  const [right] = naturalEarth(180, 0);
  const ys = rings.flatMap((c) => c.rings.flat().map((p) => p[1]));
  const top = Math.max(...ys);
  const bottom = Math.min(...ys);
  const scale = MAP_WIDTH / (right - left);
  const height = Math.ceil((top - bottom) * scale);
  const paths = new Map<string, string>();
  for (const c of rings) {
    let d = '';
    for (const r of c.rings) {
      let px = 0;
      let py = 0;
      r.forEach(([x, y], i) => {
        const X = Math.round((x - left) * scale * 10);
        const Y = Math.round((top - y) * scale * 10);
        if (i === 0) d += `M${X / 10} ${Y / 10}`;
        else if (X !== px || Y !== py) d += `l${(X - px) / 10} ${(Y - py) / 10}`;
        px = X;
        py = Y;
      });
      d += 'z';
    }
    if (c.code) paths.set(c.code, (paths.get(c.code) ?? '') + d);
  }
  const body = [...paths].map(([code, d]) => `<path id="c-${code}" d="${d}"/>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${MAP_WIDTH} ${height}"><g id="world">${body}</g></svg>`;
  return { height, paths, svg };
}
