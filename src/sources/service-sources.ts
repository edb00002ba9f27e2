import { z } from 'zod';
import type { Catalog } from '../catalog/catalog.ts';
import { NotFoundError } from '../shared/errors.ts';
import type { OfficialSnapshot } from './official/official-snapshot.ts';
import type { SourcesRepo } from './repo/sources-repo.ts';
import { statusPageLag } from './status-page-lag.ts';

const Iso = z.iso.datetime();

export const ProviderLagSchema = z
  .object({
    provider: z.string(),
    incidents: z.number().int().describe('Incidents with both our detection and an official acknowledgement'),
    medianMinutes: z
      .number()
      .nullable()
      .describe('Acknowledgement minus detection; negative: the provider spoke first'),
    recent: z.array(
      z.object({
        incidentId: z.number().int(),
        detectedAt: Iso,
        acknowledgedAt: Iso,
        lagMinutes: z.number(),
      }),
    ),
  })
  .meta({ id: 'StatusPageLag' });

export const OutsideSignals = z
  .object({
    service: z.string(),
    provider: z.string(),
    from: Iso,
    to: Iso,
    posts: z
      .array(
        z.object({
          t: Iso,
          counted: z.number().int(),
          byLanguage: z.record(z.string(), z.number().int()),
          discounted: z
            .number()
            .int()
            .describe('Matching posts scored as jokes, old news, marketing or denials'),
        }),
      )
      .describe('Public posts saying the service is down, per minute (minutes with none are left out)'),
    routing: z
      .array(
        z.object({
          t: Iso,
          withdrawals: z.number().int(),
          announcements: z.number().int(),
          originChanges: z.number().int(),
        }),
      )
      .describe('BGP updates about its ASNs and prefixes seen by RIS Live peers, per minute'),
    official: z
      .object({
        source: z.string(),
        kind: z.string(),
        url: z.string(),
        stale: z.boolean().describe('The source could not be read lately: this is the last known state'),
        checkedAt: Iso,
        okAt: Iso.nullable(),
        error: z.string().nullable(),
        components: z.array(z.object({ name: z.string(), state: z.string(), label: z.string() })),
        incidents: z.array(
          z.object({ name: z.string(), status: z.string(), updatedAt: Iso, message: z.string() }),
        ),
      })
      .nullable(),
    events: z.array(
      z.object({ at: Iso, kind: z.string(), message: z.string(), incidentId: z.number().int().nullable() }),
    ),
    statusPageLag: ProviderLagSchema.nullable(),
  })
  .meta({ id: 'OutsideSignals' });
export type OutsideSignals = z.infer<typeof OutsideSignals>;

const MINUTE = 60_000;
const iso = (t: number) => new Date(t).toISOString();

/** One service's outside signals over the last `hours`: posts and routing per minute, official state, events. */
export async function serviceSources(
  repo: SourcesRepo,
  catalog: Catalog,
  slug: string,
  now: number,
  hours: number,
): Promise<OutsideSignals> {
  const service = catalog.bySlug.get(slug);
  if (!service) throw new NotFoundError(`There is no service "${slug}" in the catalog.`, 'slug');
  const to = now - (now % MINUTE) + MINUTE;
  const from = to - hours * 60 * MINUTE;
  const posts = new Map<number, OutsideSignals['posts'][number]>();
  const routing = new Map<number, OutsideSignals['routing'][number]>();
  for (const r of await repo.minuteCounts({ service: slug, from, to })) {
    if (r.kind === 'posts' || r.kind === 'posts_discounted') {
      const p = posts.get(r.minute) ?? { t: iso(r.minute), counted: 0, byLanguage: {}, discounted: 0 };
      if (r.kind === 'posts') {
        p.counted += r.n;
        p.byLanguage[r.dim] = (p.byLanguage[r.dim] ?? 0) + r.n;
      } else p.discounted += r.n;
      posts.set(r.minute, p);
    } else if (r.kind === 'routing') {
      const x = routing.get(r.minute) ?? {
        t: iso(r.minute),
        withdrawals: 0,
        announcements: 0,
        originChanges: 0,
      };
      if (r.dim === 'withdrawal') x.withdrawals += r.n;
      else if (r.dim === 'announcement') x.announcements += r.n;
      else if (r.dim === 'origin-change') x.originChanges += r.n;
      routing.set(r.minute, x);
    }
  }
  const st = service.status;
  const state = st.kind !== 'none' && st.url ? await repo.officialState(`status:${st.url}`) : undefined;
  const snap = (state?.state ?? null) as OfficialSnapshot | null;
  const [lag] = await statusPageLag(repo, service.provider);
  const events = await repo.eventsOf({ service: slug, from: now - 7 * 24 * 60 * MINUTE, to: to, limit: 50 });
  return {
    service: slug,
    provider: service.provider,
    from: iso(from),
    to: iso(to),
    posts: [...posts.values()],
    routing: [...routing.values()],
    official: state
      ? {
          source: state.source,
          kind: state.kind,
          url: state.url,
          stale: state.stale,
          checkedAt: iso(state.checkedAt),
          okAt: state.okAt === null ? null : iso(state.okAt),
          error: state.error,
          components: (snap?.components ?? []).map((c) => ({ name: c.name, state: c.state, label: c.label })),
          incidents: (snap?.incidents ?? [])
            .filter((i) => i.status !== 'resolved')
            .map((i) => ({
              name: i.name,
              status: i.status,
              updatedAt: iso(i.updatedAt),
              message: i.message,
            })),
        }
      : null,
    events: events.map((e) => ({
      at: iso(e.at),
      kind: e.kind,
      message: e.message,
      incidentId: e.incidentId,
    })),
    statusPageLag: lag ?? null,
  };
}
