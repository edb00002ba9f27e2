import { z } from 'zod';
import type { Catalog } from '../catalog/catalog.ts';
import { NotFoundError, ValidationError } from '../shared/errors.ts';
import { floorTo, HOUR, MINUTE } from '../shared/time.ts';
import type { Resolution, Store } from '../store/store.ts';

const STEP: Record<Resolution, number> = { '1m': MINUTE, '15m': 15 * MINUTE, '1h': HOUR };
/** Longest span per resolution, so one request stays a bounded amount of work. */
const MAX_HOURS: Record<Resolution, number> = { '1m': 48, '15m': 24 * 14, '1h': 24 * 90 };

export const SeriesParams = z.strictObject({
  resolution: z.enum(['1m', '15m', '1h']).default('15m').describe('Bucket size'),
  hours: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24)
    .describe('How far back from now'),
  by: z
    .enum(['none', 'problem', 'country'])
    .default('none')
    .describe('Split each bucket by problem or country'),
});
export type SeriesParams = z.infer<typeof SeriesParams>;

export const SeriesPoint = z.object({
  t: z.iso.datetime().describe('Bucket start'),
  reports: z.number().int().describe('Counted reports'),
  repeats: z.number().int().describe('Reports not counted (same person, same window)'),
  values: z
    .record(z.string(), z.number().int())
    .optional()
    .describe('Counted reports per problem or country'),
});

export const Series = z
  .object({
    service: z.string(),
    resolution: z.enum(['1m', '15m', '1h']),
    by: z.enum(['none', 'problem', 'country']),
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    points: z.array(SeriesPoint),
  })
  .meta({ id: 'Series' });
export type Series = z.infer<typeof Series>;

/** A dense series (every bucket present, zeros included) ending with the bucket that holds `now`. */
export async function getSeries(
  deps: { catalog: Catalog; store: Store },
  service: string,
  p: SeriesParams,
  now: number,
): Promise<Series> {
  if (!deps.catalog.bySlug.has(service))
    throw new NotFoundError(`There is no service "${service}" in the catalog.`, 'service');
  if (p.hours > MAX_HOURS[p.resolution]) {
    throw new ValidationError('The query is invalid.', [
      { field: 'hours', message: `at most ${MAX_HOURS[p.resolution]} hours at resolution ${p.resolution}` },
    ]);
  }
  const step = STEP[p.resolution];
  const to = floorTo(now, step) + step;
  const from = to - Math.ceil((p.hours * HOUR) / step) * step;
  const rows = await deps.store.series({ service, from, to, resolution: p.resolution, by: p.by });
  const byT = new Map<number, Series['points'][number]>();
  const points: Series['points'] = [];
  for (let t = from; t < to; t += step) {
    const point = {
      t: new Date(t).toISOString(),
      reports: 0,
      repeats: 0,
      ...(p.by === 'none' ? {} : { values: {} }),
    };
    byT.set(t, point);
    points.push(point);
  }
  for (const r of rows) {
    const point = byT.get(r.t);
    if (!point) continue;
    point.reports += r.reports;
    point.repeats += r.repeats;
    if (point.values && r.reports > 0) point.values[r.key] = (point.values[r.key] ?? 0) + r.reports;
  }
  return {
    service,
    resolution: p.resolution,
    by: p.by,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    points,
  };
}
