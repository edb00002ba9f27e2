/**
 * The scenario format (documented in scenarios/README.md): services with a seasonal baseline, noise,
 * scripted incidents with their outages and official statements, and the ground truth they imply.
 * Instants are ISO 8601 strings with a zone ("2021-10-04T15:40:00Z"); they parse to epoch ms.
 */
import { z } from 'zod';
import { PostsSpec, RoutingSpec } from './outside-schema.ts';

const Instant = z
  .string()
  .regex(/(Z|[+-]\d\d:?\d\d)$/, 'must be an ISO 8601 instant with a zone, like 2021-10-04T15:40:00Z')
  .transform((s, ctx) => {
    const t = Date.parse(s);
    if (Number.isNaN(t)) ctx.addIssue({ code: 'custom', message: `"${s}" is not a valid instant` });
    return t;
  });

const Id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lowercase letters, digits and dashes');
const Share = z.number().min(0).max(1);
/** A mix of shares by key (problem or country); normalised to sum to 1 when used. */
const Mix = z
  .record(z.string().min(1), z.number().min(0))
  .refine((m) => Object.values(m).some((v) => v > 0), 'needs at least one positive share');
const Range = z
  .tuple([z.number().min(0), z.number().min(0)])
  .refine(([lo, hi]) => lo <= hi, 'the first number must not exceed the second');

const timezone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as "UTC" or "America/New_York"');

/** A service: its normal report level, daily and weekly cycle, and usual problem and country mix. */
export const ServiceSpec = z.strictObject({
  id: Id,
  /** Peer group for peer factors and sympathy noise ("isp"). */
  group: Id.optional(),
  /** Provider; services of one provider corroborate each other's incidents ("meta"). */
  provider: Id.optional(),
  /** Reports per 15 min at the daily peak, at scale 1. */
  per15: z.number().min(0),
  timezone: timezone.default('UTC'),
  /** Fraction of the peak at the trough of the day, and the local hour of the trough. */
  trough: Share.default(0.2),
  troughHour: z.number().min(0).max(23).default(4),
  /** Factors by local weekday, Monday first. */
  weekly: z.array(z.number().min(0)).length(7).default([1, 1, 1, 1, 1, 1, 1]),
  problems: Mix.default({ other: 1 }),
  countries: Mix.default({ other: 1 }),
});
/** A validated service. */
export type ServiceSpec = z.infer<typeof ServiceSpec>;

const Burst = z.strictObject({
  kind: z.literal('viral-burst'),
  service: Id,
  at: Instant,
  minutes: z.number().int().min(1).max(10),
  /** Extra reports as a multiple of the service's usual reports per 15 min at that time. */
  extra: z.number().min(0),
});
const IdentityFlood = z.strictObject({
  kind: z.literal('identity-flood'),
  service: Id,
  at: Instant,
  minutes: z.number().int().min(1),
  /** Submissions per minute by the one identity (the intake counts at most one per 15 min). */
  perMinute: z.number().min(1).default(30),
});
const SubnetFlood = z.strictObject({
  kind: z.literal('subnet-flood'),
  service: Id,
  at: Instant,
  minutes: z.number().int().min(1),
  /** Distinct identities in the one /24, each counted once per 15-min window. */
  identities: z.number().int().min(1).default(500),
});
/** A bot flood spread over many networks (and maybe one country): no single /24 stands out. */
const DistributedFlood = z.strictObject({
  kind: z.literal('distributed-flood'),
  service: Id,
  at: Instant,
  minutes: z.number().int().min(1),
  /** Distinct identities, each counted once per 15-min window. */
  identities: z.number().int().min(1),
  /** Distinct /24s they come from, evenly. */
  networks: z.number().int().min(1),
  /** Country code they all appear from; default: spread like the service's usual country mix. */
  country: z.string().min(1).optional(),
});
const Sympathy = z.strictObject({
  kind: z.literal('sympathy'),
  group: Id,
  at: Instant,
  minutes: z.number().int().min(1),
  /** Peak multiplier of the group's usual reports (each member draws within ±25%). */
  multiplier: z.number().min(1),
});
/** One explicit noise event at a fixed time. */
export const NoiseEvent = z.discriminatedUnion('kind', [
  Burst,
  IdentityFlood,
  SubnetFlood,
  DistributedFlood,
  Sympathy,
]);
/** A validated noise event. */
export type NoiseEvent = z.infer<typeof NoiseEvent>;

/** A holiday: the normal level of some services changes for hours of one local date (greetings, shopping). */
export const HolidaySpec = z.strictObject({
  /** Local calendar date in each service's own time zone, YYYY-MM-DD. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2024-12-31'),
  /** Local hour it starts (may exceed 24 to run into the next day) and how long it lasts. */
  fromHour: z.number().min(0).max(47),
  hours: z.number().positive().max(48),
  /** Factor on the normal level at the height of it (below 1: a quiet holiday). */
  multiplier: z.number().positive(),
  /** Services it applies to; default every service. */
  services: z.array(Id).min(1).optional(),
});
/** A validated holiday. */
export type HolidaySpec = z.infer<typeof HolidaySpec>;

/** A scheduled launch or live event: a known instant when some services get many more users. */
export const LaunchSpec = z.strictObject({
  services: z.array(Id).min(1),
  at: Instant,
  minutes: z.number().int().min(1),
  /** Factor on the normal level at the height of it. */
  multiplier: z.number().positive(),
});
/** A validated launch. */
export type LaunchSpec = z.infer<typeof LaunchSpec>;

/** The noise section: overdispersion, drift, random noise rates and explicit events. */
export const Noise = z.strictObject({
  /** φ: per-minute rate multiplier with variance φ, so counts have variance μ + φμ². */
  overdispersion: z.number().min(0).max(2).default(0.05),
  /**
   * How the φ multiplier is drawn: log-normal (the default, what the older scenarios use) or gamma,
   * which makes counts negative binomial — real report counts' usual model.
   */
  model: z.enum(['lognormal', 'negative-binomial']).default('lognormal'),
  /** Minutes one multiplier lasts before the next is drawn (bursts that span minutes). Default 1. */
  overdispersionMinutes: z.number().int().min(1).max(60).default(1),
  /** Lasting changes of a service's level at random times (a new app version, a change of audience). */
  levelShifts: z
    .strictObject({
      perServiceWeek: z.number().min(0),
      factor: Range.refine(([lo]) => lo > 0, 'factors must be positive'),
    })
    .optional(),
  /** Growth per week of each service's level, drawn per service within the range (−0.1 … 0.2). */
  trend: z
    .tuple([z.number().min(-1), z.number().max(1)])
    .refine(([lo, hi]) => lo <= hi, 'the first number must not exceed the second')
    .optional(),
  /** Minutes without data at random times (collection gaps): counts are 0 and flagged `missing`. */
  missing: z.strictObject({ perServiceDay: z.number().min(0), minutes: Range }).optional(),
  holidays: z.array(HolidaySpec).default([]),
  launches: z.array(LaunchSpec).default([]),
  /** Slow wander of the level: log-scale standard deviation and correlation time in hours. */
  drift: z
    .strictObject({ sd: z.number().min(0).max(1), hours: z.number().positive() })
    .default({ sd: 0.1, hours: 3 }),
  viralBursts: z
    .strictObject({ perServiceDay: z.number().min(0), minutes: Range, extra: Range })
    .default({ perServiceDay: 0, minutes: [1, 2], extra: [0.3, 1] }),
  identityFloods: z
    .strictObject({ perServiceDay: z.number().min(0), minutes: Range })
    .default({ perServiceDay: 0, minutes: [10, 120] }),
  subnetFloods: z
    .strictObject({ perWeek: z.number().min(0), identities: Range, minutes: Range })
    .default({ perWeek: 0, identities: [500, 500], minutes: [3, 20] }),
  /** Random distributed floods (see the distributed-flood event), across all services. */
  distributedFloods: z
    .strictObject({ perWeek: z.number().min(0), identities: Range, networks: Range, minutes: Range })
    .default({ perWeek: 0, identities: [300, 1000], networks: [50, 300], minutes: [10, 60] }),
  sympathy: z
    .strictObject({ perWeek: z.number().min(0), group: Id, minutes: Range, multiplier: Range })
    .optional(),
  events: z.array(NoiseEvent).default([]),
});
/** A validated noise section. */
export type Noise = z.infer<typeof Noise>;

/** One service's outage: ground-truth start and end, peak and keyframe curve, mixes. */
export const OutageSpec = z.strictObject({
  service: Id,
  /** Ground truth: first minute of user-visible failure and first minute after it. */
  start: Instant,
  end: Instant,
  /** When the provider fixed it (informational; reports may trail it). */
  fixedAt: Instant.optional(),
  /** Extra reports per 15 min at the highest point of `curve`, at scale 1. */
  peak: z.number().positive(),
  /** [minutes after start, fraction of peak] keyframes, linear in between; held until `end`, then 0. */
  curve: z.array(z.tuple([z.number().min(0), z.number().min(0).max(1.5)])).min(1),
  problems: Mix.optional(),
  countries: Mix.optional(),
});
/** A validated outage. */
export type OutageSpec = z.infer<typeof OutageSpec>;

/** An official statement (status page, spokesperson) at a time. */
export const Statement = z.strictObject({
  at: Instant,
  service: Id.optional(),
  source: z.string().min(1),
  text: z.string().min(1),
});
/** A validated statement. */
export type Statement = z.infer<typeof Statement>;

/** An incident: the outages that belong together and the statements about them. */
export const IncidentSpec = z.strictObject({
  id: Id,
  title: z.string().min(1),
  outages: z.array(OutageSpec).min(1),
  statements: z.array(Statement).default([]),
});
/** A validated incident. */
export type IncidentSpec = z.infer<typeof IncidentSpec>;

/** A failure the probes see: which layer, from how many (or which) vantage points, with what code. */
export const ProbeFailureSpec = z.strictObject({
  from: Instant,
  to: Instant,
  /** dns: the name does not resolve; tcp: connections fail; tls: handshakes fail; http: error answers. */
  kind: z.enum(['dns', 'tcp', 'tls', 'http']),
  /** How many vantage points see it (the first N of `vantages`), or which. */
  failing: z.union([z.number().int().min(1), z.array(Id).min(1)]),
  /** The code they see: the DNS rcode (SERVFAIL, NXDOMAIN), TIMEOUT, HTTP_503, CERT_HAS_EXPIRED… */
  code: z.string().min(1).max(64).optional(),
});
/** A validated probe failure. */
export type ProbeFailureSpec = z.infer<typeof ProbeFailureSpec>;

/**
 * Probe data for a replay: every vantage point probes every listed service (its DNS name and its
 * website) and a control target once a minute from `from` to `to`; a service without failures is
 * reachable throughout.
 */
export const ProbesSpec = z.strictObject({
  from: Instant.optional(),
  to: Instant.optional(),
  vantages: z.array(Id).min(1),
  services: z.array(z.strictObject({ service: Id, failures: z.array(ProbeFailureSpec).default([]) })).min(1),
  /** Vantage points cut off from the internet (their control target fails too): they must not count. */
  unreachable: z.array(z.strictObject({ vantage: Id, from: Instant, to: Instant })).default([]),
});
/** A validated probes section. */
export type ProbesSpec = z.infer<typeof ProbesSpec>;

/** A whole scenario file (see scenarios/README.md). */
export const ScenarioSpec = z.strictObject({
  name: z.string().min(1),
  description: z.string().default(''),
  /** Evaluation period; readings before `start` only train the detector. */
  start: Instant,
  end: Instant,
  /** Days of normal traffic generated before `start` from the services' baselines and noise. */
  warmupDays: z.number().int().min(0).max(60).default(14),
  services: z.array(ServiceSpec).min(1),
  noise: Noise.default(Noise.parse({})),
  incidents: z.array(IncidentSpec).default([]),
  /** Optional probe results to replay alongside the reports (see ProbesSpec). */
  probes: ProbesSpec.optional(),
  /** Optional BGP updates and public posts to replay through the outside-source adapters (outside-schema.ts). */
  routing: RoutingSpec.optional(),
  posts: PostsSpec.optional(),
});
/** A validated scenario; instants are epoch ms. */
export type Scenario = z.infer<typeof ScenarioSpec>;
