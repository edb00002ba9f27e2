import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const Position = z.tuple([z.number(), z.number()]);
const Geometry = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('Polygon'),
    arcs: z.array(z.array(z.number().int())),
    id: z.string().optional(),
    properties: z.object({ name: z.string() }),
  }),
  z.object({
    type: z.literal('MultiPolygon'),
    arcs: z.array(z.array(z.array(z.number().int()))),
    id: z.string().optional(),
    properties: z.object({ name: z.string() }),
  }),
]);
const Topology = z.object({
  type: z.literal('Topology'),
  transform: z.object({ scale: Position, translate: Position }),
  arcs: z.array(z.array(Position)),
  objects: z.object({ countries: z.object({ geometries: z.array(Geometry) }) }),
});

/** One ring of [longitude, latitude] in degrees. */
export type Ring = [number, number][];
/** A country's outline from the atlas: its numeric ISO id (when it has one), name and polygons (rings). */
export type CountryShape = { numericId: string | undefined; name: string; polygons: Ring[][] };

/**
 * Reads Natural Earth's 1:110m countries from the `world-atlas` package (TopoJSON, ISC licence) and
 * decodes its quantised, delta-encoded arcs into rings, as topojson-client's `feature` would.
 */
export function loadCountryShapes(): CountryShape[] {
  const file = fileURLToPath(import.meta.resolve('world-atlas/countries-110m.json'));
  const topo = Topology.parse(JSON.parse(readFileSync(file, 'utf8')));
  const [sx, sy] = topo.transform.scale;
  const [tx, ty] = topo.transform.translate;
  const arcs: Ring[] = topo.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([dx, dy]) => {
      x += dx;
      y += dy;
      return [x * sx + tx, y * sy + ty];
    });
  });
  const ring = (indexes: number[]): Ring => {
    const out: Ring = [];
    for (const i of indexes) {
      const arc = i >= 0 ? arcs[i] : arcs[~i]?.slice().reverse();
      if (!arc) continue;
      out.push(...(out.length > 0 ? arc.slice(1) : arc));
    }
    return out;
  };
  return topo.objects.countries.geometries.map((g) => ({
    numericId: g.id,
    name: g.properties.name,
    polygons: g.type === 'Polygon' ? [g.arcs.map(ring)] : g.arcs.map((p) => p.map(ring)),
  }));
}
