import { z } from 'zod';
import type { Catalog } from '../catalog/catalog.ts';
import { Impact } from '../shared/status-vocabulary.ts';
import { DAY } from '../shared/time.ts';
import type { ArchiveQuery } from './types.ts';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'a real date');
const empty = (v: unknown) => (v === '' ? undefined : v);

/** The archive's filters as the API and the /incidents page take them (one schema for both). */
export const ArchiveFilter = z.strictObject({
  service: z
    .preprocess(empty, z.string().max(64).optional())
    .describe('Only incidents that involve this service'),
  provider: z
    .preprocess(empty, z.string().max(64).optional())
    .describe("Only incidents that involve one of this provider's services"),
  from: z.preprocess(empty, day.optional()).describe('Started on or after this day (UTC, YYYY-MM-DD)'),
  to: z.preprocess(empty, day.optional()).describe('Started on or before this day (UTC, YYYY-MM-DD)'),
  severity: z.preprocess(empty, Impact.optional()).describe('Only incidents of this impact'),
  after: z
    .preprocess(
      empty,
      z
        .string()
        .regex(/^\d{1,15}\.\d{1,12}$/, 'the `next` value of the previous page')
        .optional(),
    )
    .describe('The `next` value of the previous page'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ArchiveFilter = z.infer<typeof ArchiveFilter>;

/** The repository's query for a filter: a provider becomes its services, days become times. */
export function archiveQuery(f: ArchiveFilter, catalog: Catalog, limit = f.limit): ArchiveQuery {
  const ofProvider = f.provider
    ? catalog.services.filter((s) => s.provider === f.provider).map((s) => s.slug)
    : undefined;
  const services = f.service
    ? ofProvider
      ? ofProvider.filter((s) => s === f.service)
      : [f.service]
    : ofProvider;
  const [at, id] = f.after ? f.after.split('.').map(Number) : [];
  return {
    services,
    impacts: f.severity ? [f.severity] : undefined,
    from: f.from ? Date.parse(`${f.from}T00:00:00Z`) : undefined,
    to: f.to ? Date.parse(`${f.to}T00:00:00Z`) + DAY : undefined,
    after: at !== undefined && id !== undefined ? { startedAt: at, id } : undefined,
    limit,
  };
}

/** The `after` value that continues after this incident. */
export const cursorOf = (i: { startedAt: number; id: number }): string => `${i.startedAt}.${i.id}`;
