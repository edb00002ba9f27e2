/**
 * The scenario sections for outside signals (documented in scenarios/README.md): `routing:` — BGP
 * updates as RIS Live peers saw them — and `posts:` — public posts about the services. Kept apart
 * from schema.ts so other sections (probes) evolve independently.
 */
import { z } from 'zod';

const Instant = z
  .string()
  .regex(/(Z|[+-]\d\d:?\d\d)$/, 'must be an ISO 8601 instant with a zone, like 2021-10-04T15:39:00Z')
  .transform((s, ctx) => {
    const t = Date.parse(s);
    if (Number.isNaN(t)) ctx.addIssue({ code: 'custom', message: `"${s}" is not a valid instant` });
    return t;
  });
const Id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lowercase letters, digits and dashes');
const Prefix = z
  .string()
  .regex(
    /^(\d{1,3}(\.\d{1,3}){3}\/\d{1,2}|[0-9a-f:]+:[0-9a-f:]*\/\d{1,3})$/i,
    'must be a prefix like 129.134.30.0/23',
  );
const Curve = z.array(z.tuple([z.number().min(0), z.number().min(0).max(1.5)])).min(1);

/** Withdrawals or (re-)announcements of prefixes, spread over a window, seen by every peer. */
const RoutingEvent = z.strictObject({
  kind: z.enum(['withdrawal', 'announcement']),
  from: Instant,
  to: Instant,
  prefixes: z.array(Prefix).min(1),
});

export const RoutingSpec = z.strictObject({
  /** The origin AS of the announcements (the provider's). */
  asn: z.number().int().positive(),
  /** Route-collector peers that see the changes. */
  peers: z.number().int().min(1).max(1000).default(40),
  /** Ordinary churn: single-peer re-announcements of these prefixes per hour (never evidence). */
  background: z.strictObject({ perHour: z.number().min(0), prefixes: z.array(Prefix).min(1) }).optional(),
  events: z.array(RoutingEvent).default([]),
});
export type RoutingSpec = z.infer<typeof RoutingSpec>;

/** A surge of posts saying services are down, shaped like an outage curve. */
const PostSurge = z.strictObject({
  services: z.array(Id).min(1),
  start: Instant,
  end: Instant,
  /** Counted posts per minute per service at the top of the curve. */
  peakPerMinute: z.number().positive(),
  /** [minutes after start, fraction of peak], linear in between, 0 after `end`. */
  curve: Curve,
  /** Share of each language (en, id, hi, vi, es, pt). */
  languages: z.record(z.string(), z.number().min(0)).default({ en: 1 }),
});

export const PostsSpec = z.strictObject({
  /** Services that get background posts. */
  services: z.array(Id).min(1),
  /** Posts per minute per service that match but are not reports: jokes, old news, marketing, denials. */
  noisePerMinute: z.number().min(0).default(0.2),
  /** Genuine "is it down?" posts per minute per service on a normal day. */
  backgroundPerMinute: z.number().min(0).default(0.2),
  surges: z.array(PostSurge).default([]),
});
export type PostsSpec = z.infer<typeof PostsSpec>;
